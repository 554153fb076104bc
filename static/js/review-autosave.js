/* Save the reviewer's draft by itself a little after each change, so that a closed tab or a lost
   connection costs at most a few seconds of work. The "Save draft" button does the same without JS. */
(function () {
  "use strict";

  var text = window.scriptText; // static/js/script-text.js
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var DELAY = 3000;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  var saver = window.backgroundSave(form, {
    action: "draft",
    headers: { Accept: "application/json" },
    saved: function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json().then(function (body) {
        say(text("review.saved", "Draft saved at %(time)s.", { time: body.saved_at }));
      });
    },
    failed: function () {
      say(text("review.not_saved", "Not saved automatically: use “Save draft” before you leave."));
    }
  });

  function changed() {
    say(text("review.unsaved", "Unsaved changes…"));
    saver.later(DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", saver.cancel);
})();
