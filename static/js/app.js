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

  // Long choice lists (issue 14: 167 organisations in one select): a filter box above any select or
  // list of check boxes with SEARCHABLE_FROM choices or more. Typing narrows the choices to those whose
  // text contains what was typed (brackets and spaces ignored); a select then shows the matches as an
  // open list. The select or the check boxes stay what the form submits; the box is only a view.
  var SEARCHABLE_FROM = 15;
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  function plain(text) {
    return (text || "").replace(/[\s〔〕\[\]()（）［］【】]/g, "").toLowerCase();
  }
  var filterCount = 0;
  function filterBox(target, before) {
    // Named "按名称筛选" and tied to its list by aria-controls, not by repeating the field's label: the
    // field's own label must still name one control only.
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 choice-filter";
    box.placeholder = zh ? "输入名称筛选" : "Type to filter";
    box.setAttribute("aria-label", zh ? "按名称筛选" : "Filter by name");
    if (!target.id) {
      filterCount += 1;
      target.id = "choice-list-" + filterCount;
    }
    box.setAttribute("aria-controls", target.id);
    before.parentNode.insertBefore(box, before);
    return box;
  }
  function makeSearchable(root) {
    root.querySelectorAll("select:not([data-plain]):not([data-searchable])").forEach(function (select) {
      if (select.options.length < SEARCHABLE_FROM) {
        return;
      }
      select.setAttribute("data-searchable", "");
      var box = filterBox(select, select), ownSize = select.size;
      box.addEventListener("input", function () {
        var wanted = plain(box.value), shown = 0;
        Array.prototype.forEach.call(select.options, function (option) {
          var match = !wanted || !option.value || plain(option.textContent).indexOf(wanted) !== -1;
          option.hidden = !match;
          shown += match ? 1 : 0;
        });
        if (!select.multiple) {
          select.size = wanted ? Math.max(2, Math.min(8, shown)) : ownSize;
        }
      });
    });
    root.querySelectorAll("fieldset[data-field]:not([data-searchable])").forEach(function (fieldset) {
      var choices = fieldset.querySelectorAll(".form-check");
      if (choices.length < SEARCHABLE_FROM) {
        return;
      }
      fieldset.setAttribute("data-searchable", "");
      var list = choices[0].parentNode;
      list.classList.add("choice-list");
      var box = filterBox(list, list);
      box.addEventListener("input", function () {
        var wanted = plain(box.value);
        choices.forEach(function (choice) {
          choice.hidden = !!wanted && plain(choice.textContent).indexOf(wanted) === -1;
        });
      });
    });
  }
  makeSearchable(document);
  document.addEventListener("htmx:afterSwap", function (event) { makeSearchable(event.target); });

  // <form data-control-inputs>: Bootstrap's form-control on its visible inputs and text areas.
  document.querySelectorAll("form[data-control-inputs] input:not([type=hidden]), form[data-control-inputs] textarea")
    .forEach(function (element) { element.classList.add("form-control"); });
})();
