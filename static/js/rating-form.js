/* The rating form: a running count of the areas left, and saving as the rater goes.

   Every change is posted in the background to the form's own address, with the form's nonce and
   the X-Rating-Autosave header; the server saves the draft exactly as "Save answers" does. Without
   this script the count is still right on every page load and the save buttons still save. */
(function () {
  "use strict";

  var text = window.scriptText;
  var form = document.querySelector("form[data-rating-form]");
  if (!form) {
    return;
  }
  var progress = form.querySelector("[data-rating-progress]");
  var status = form.querySelector("[data-rating-autosave]");
  var rows = form.querySelectorAll("[data-rating-area]");
  var total = Number(progress.getAttribute("data-area-count"));

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
      progress.textContent = text("rating.all_rated", "All %(total)s areas rated", { total: total });
      return;
    }
    // The count of areas left is bold, wherever the language puts it in the sentence.
    var words = text("rating.left", "%(left)s of %(total)s areas left", { left: "%(left)s", total: total });
    var parts = words.split("%(left)s");
    var count = document.createElement("strong");
    count.textContent = String(left);
    progress.appendChild(document.createTextNode(parts[0]));
    progress.appendChild(count);
    progress.appendChild(document.createTextNode(parts.slice(1).join("")));
  }

  function notSaved() {
    status.textContent = text("rating.not_saved", "Not saved automatically: press “Save answers”.");
  }

  var saver = window.backgroundSave(form, {
    action: "autosave",
    headers: { "X-Rating-Autosave": "1", Accept: "application/json" },
    saved: function (response) {
      if (response.ok) {
        status.textContent = text("rating.saved", "Your answers are saved.");
      } else if (response.status === 410 || response.status === 403) {
        status.textContent = text(
          "rating.ended",
          "Your rating session has ended: open the link in your invitation email again."
        );
      } else {
        notSaved();
      }
    },
    failed: notSaved
  });

  form.addEventListener("change", function (event) {
    if (event.target.name === "accept_not_counted") {
      return;
    }
    showProgress();
    saver.later(400);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") {
      saver.later(1500);
    }
  });
  form.addEventListener("submit", saver.cancel);
})();
