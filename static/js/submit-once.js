/* Disable a submit button after the first click so a double click sends one request.
   The server is idempotent anyway; this only spares the applicant a confusing second page load. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) {
      return;
    }
    var buttons = form.querySelectorAll("button[data-submit-once], input[type=submit][data-submit-once]");
    if (form.dataset.submitted === "true") {
      if (buttons.length) {
        event.preventDefault();
      }
      return;
    }
    form.dataset.submitted = "true";
    buttons.forEach(function (button) {
      // Disable after the event so the button's name/value is still sent with this submission.
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        if (button.dataset.busyText) {
          button.textContent = button.dataset.busyText;
        }
      }, 0);
    });
  });
  // Coming back with the browser's back button must not leave the buttons disabled.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitted]").forEach(function (form) {
        delete form.dataset.submitted;
        form.querySelectorAll("[data-submit-once]").forEach(function (button) {
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        });
      });
    }
  });
})();
