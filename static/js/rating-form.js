/* The rating form: a running count of the areas left, and saving as the rater goes.

   Every change is posted in the background to the form's own address, with the form's nonce and
   the X-Rating-Autosave header; the server saves the draft exactly as "Save answers" does. Without
   this script the count is still right on every page load and the save buttons still save. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-rating-form]");
  // form.action would be the buttons named "action", hence getAttribute below.
  if (!form) {
    return;
  }
  var progress = form.querySelector("[data-rating-progress]");
  var status = form.querySelector("[data-rating-autosave]");
  var rows = form.querySelectorAll("[data-rating-area]");
  var total = Number(progress.getAttribute("data-area-count"));
  // The words come translated from the page (data-text-*), English when a page lacks them.
  function text(element, name, fallback) {
    return element.getAttribute("data-text-" + name) || fallback;
  }
  var allRated = text(progress, "all-rated", "All " + total + " areas rated");
  var leftText = text(progress, "left", "{left} of " + total + " areas left");
  var savedText = text(status, "saved", "Your answers are saved.");
  var endedText = text(
    status,
    "ended",
    "Your rating session has ended: open the link in your invitation email again."
  );
  var notSavedText = text(status, "not-saved", "Not saved automatically: press “Save answers”.");
  var timer = null;
  var saving = false;
  var again = false;

  function areasLeft() {
    var left = 0;
    rows.forEach(function (row) {
      if (!row.querySelector("input[type=radio]:checked")) {
        left += 1;
      }
    });
    return left;
  }

  function showProgress() {
    var left = areasLeft();
    progress.textContent = "";
    if (left === 0) {
      progress.textContent = allRated;
      return;
    }
    // "{left} of 12 areas left": the count in bold wherever the language puts it.
    var parts = leftText.split("{left}");
    var count = document.createElement("strong");
    count.textContent = String(left);
    progress.appendChild(document.createTextNode(parts[0]));
    progress.appendChild(count);
    progress.appendChild(document.createTextNode(parts.slice(1).join("{left}")));
  }

  function save() {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    var body = new FormData(form);
    body.set("action", "autosave");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Rating-Autosave": "1", Accept: "application/json" }
    })
      .then(function (response) {
        if (response.ok) {
          status.textContent = savedText;
        } else if (response.status === 410 || response.status === 403) {
          status.textContent = endedText;
        } else {
          status.textContent = notSavedText;
        }
      })
      .catch(function () {
        status.textContent = notSavedText;
      })
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "accept_not_counted") {
      return;
    }
    showProgress();
    later(400);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") {
      later(1500);
    }
  });
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
  });
})();
