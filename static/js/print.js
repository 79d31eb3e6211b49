/* The print view's button (?print=1): no inline handlers, so the page keeps a strict CSP. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
