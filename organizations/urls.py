from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("certificates/verify/<uuid:key>/", views.certificate_verify, name="certificate-verify"),
    path("certificates/verify/<uuid:key>/qr.svg", views.certificate_qr, name="certificate-qr"),
]

# Sign-in pages keep Django's URL names (login, logout, password_change) at the top level.
account_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
