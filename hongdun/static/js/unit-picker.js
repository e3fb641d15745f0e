/* Searchable unit pickers (hongdun/orgs/fields.py): a search box before every
 * <select data-unit-picker> filters its options as one types, by the option's text and its
 * data-search terms (name, short name, code, English name), and picks the first match.
 * Keyboard: type to filter; Down arrow or Enter moves to the list (Enter does not submit the
 * form); the native select does the rest. Served from our own static files, no CDN. */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").replace(/[\s\u3000]+/g, " ").trim().toLowerCase();
  }

  function enhance(select) {
    if (select.dataset.unitPickerReady) {
      return;
    }
    select.dataset.unitPickerReady = "1";
    var options = Array.prototype.slice.call(select.options).map(function (option) {
      return {
        option: option,
        blank: option.value === "",
        terms: normalise(option.text + " " + (option.dataset.search || "")),
      };
    });
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.className = "unit-picker-search";
    input.placeholder = select.dataset.searchPlaceholder || "";
    input.setAttribute("aria-label", select.dataset.searchLabel || "");
    if (select.id) {
      input.id = select.id + "-search";
      input.setAttribute("aria-controls", select.id);
    }
    input.dataset.unitPickerFor = select.name;
    var status = document.createElement("small");
    status.className = "unit-picker-status";
    status.setAttribute("aria-live", "polite");
    // A <label> wrapping the select labels its first control: keep that the select, not the box.
    var label = select.closest("label");
    if (label && !label.htmlFor && select.id) {
      label.htmlFor = select.id;
    }
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    function filter() {
      var query = normalise(input.value);
      var current = select.value;
      var firstMatch = null;
      var keepsCurrent = false;
      var matches = 0;
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      options.forEach(function (item) {
        var shown = item.blank || !query || item.terms.indexOf(query) !== -1;
        if (!shown) {
          return;
        }
        select.appendChild(item.option);
        if (!item.blank) {
          matches += 1;
          if (firstMatch === null) {
            firstMatch = item.option;
          }
          if (item.option.value === current) {
            keepsCurrent = true;
          }
        }
      });
      // Re-inserted options carry stale selectedness: always say which one is chosen.
      var chosen = keepsCurrent || firstMatch === null || !query ? current : firstMatch.value;
      select.value = chosen;
      if (select.value !== current) {
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      status.textContent = query && matches === 0 ? select.dataset.noMatch || "" : "";
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        filter();
      }
    });
  }

  function enhanceWithin(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("select[data-unit-picker]")) {
      enhance(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll("select[data-unit-picker]"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceWithin(document);
  });
  // Forms swapped in by htmx get their pickers too.
  document.addEventListener("htmx:load", function (event) {
    enhanceWithin(event.target);
  });
})();
