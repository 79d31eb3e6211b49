import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from .models import SupervisorCertificate


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


def certificate_verify(request, key):
    """Public page behind the certificate's QR code (Art. 14): only what the supervised may check."""
    certificate = get_object_or_404(SupervisorCertificate.objects.select_related("holder", "issuer"), verification_key=key)
    today = timezone.localdate()
    return render(
        request,
        "organizations/certificate_verify.html",
        {"certificate": certificate, "valid_today": certificate.is_valid_on(today), "today": today},
    )


@cache_control(max_age=86400)
def certificate_qr(request, key):
    certificate = get_object_or_404(SupervisorCertificate, verification_key=key)
    url = request.build_absolute_uri(reverse("organizations:certificate-verify", args=[certificate.verification_key]))
    svg = segno.make(url, error="m").svg_inline(scale=4)
    return HttpResponse(svg, content_type="image/svg+xml")
