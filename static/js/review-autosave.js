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
  var timer = null;
  var saving = false;
  var again = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    var data = new FormData(form);
    data.set("action", "draft");
    // form.action would be the buttons named "action"; the attribute is the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (body) {
        say(text("review.saved", "Draft saved at %(time)s.", { time: body.saved_at }));
      })
      .catch(function () {
        say(text("review.not_saved", "Not saved automatically: use “Save draft” before you leave."));
      })
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function changed() {
    say(text("review.unsaved", "Unsaved changes…"));
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
  });
})();
