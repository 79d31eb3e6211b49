// Page behaviour shared by every page. No inline script anywhere (Content-Security-Policy:
// script-src 'self'); templates mark elements with data- attributes instead.
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form when the choice changes (language menu).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  // <button data-formset-add="prefix" data-formset-template="id" data-formset-rows="id">: add one
  // more formset row by cloning the empty form and bumping TOTAL_FORMS.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-formset-add]") : null;
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    var html = document.getElementById(button.getAttribute("data-formset-template")).innerHTML.replace(/__prefix__/g, index);
    document.getElementById(button.getAttribute("data-formset-rows")).insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
  });

  // <form data-control-inputs>: Bootstrap's form-control on its visible inputs and text areas.
  document.querySelectorAll("form[data-control-inputs] input:not([type=hidden]), form[data-control-inputs] textarea")
    .forEach(function (element) { element.classList.add("form-control"); });
})();
