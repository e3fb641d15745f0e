/* Staff forms: an irreversible action asks first, and no form is sent twice.
 *
 * A form (or the button that submits it) with data-confirm="…" opens the page's
 * <dialog id="confirm-dialog"> with that text; 取消 leaves everything as it was, 确认 sends the
 * form with the same button. Every POST form, once sent, ignores further submits and shows its
 * button as busy (Pico's aria-busy spinner) until the next page arrives. The server still settles
 * a second request on its own (row locks and the state the clerk saw); this spares the clerk the
 * message. htmx forms are left to htmx, and so are forms marked data-may-download (an answer that
 * is a file leaves the page in place, so its button must not stay disabled).
 */
(function () {
  "use strict";

  function isPlainPostForm(form) {
    return form instanceof HTMLFormElement &&
      (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !form.hasAttribute("hx-post") && !form.hasAttribute("hx-get") &&
      // A form whose answer may be a file download stays on the page: it must stay usable.
      !form.hasAttribute("data-may-download");
  }

  function markBusy(form, submitter) {
    form.dataset.submitting = "yes";
    // After this turn of the event loop: a button disabled now would drop its name=value
    // (the decision of a two-button form) from what is sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) { button.disabled = true; });
      if (submitter) { submitter.setAttribute("aria-busy", "true"); }
    }, 0);
  }

  function ask(form, submitter, text) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      // No dialog support: fall back to the browser's own confirmation.
      if (window.confirm(text)) { send(form, submitter); }
      return;
    }
    dialog.querySelector("[data-confirm-text]").textContent = text;
    var ok = dialog.querySelector("[data-confirm-ok]");
    ok.textContent = (submitter && submitter.dataset.confirmLabel) || ok.dataset.defaultLabel;
    dialog.returnValue = "";
    dialog.onclose = function () {
      dialog.onclose = null;
      if (dialog.returnValue === "ok") { send(form, submitter); }
    };
    dialog.showModal();
  }

  function send(form, submitter) {
    form.dataset.confirmed = "yes";
    if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!isPlainPostForm(form)) { return; }
    if (form.dataset.submitting === "yes") {
      event.preventDefault();
      return;
    }
    var submitter = event.submitter || null;
    var text = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (text && form.dataset.confirmed !== "yes") {
      event.preventDefault();
      ask(form, submitter, text);
      return;
    }
    delete form.dataset.confirmed;
    markBusy(form, submitter);
  });

  // Back to a page kept in the browser's cache: its forms may be used again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[disabled][type=submit], button[disabled]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
