/* Warn before leaving a page whose form has changes that were not saved.
   Forms opt in with the data-unsaved-warning attribute; submitting the form clears the warning. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var dirty = new Set();

  function onBeforeUnload(event) {
    if (dirty.size === 0) {
      return undefined;
    }
    event.preventDefault();
    event.returnValue = "";
    return "";
  }

  forms.forEach(function (form) {
    function markDirty(event) {
      if (event.target && event.target.type === "hidden") {
        return;
      }
      dirty.add(form);
    }
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () {
      dirty.clear();
    });
  });
  window.addEventListener("beforeunload", onBeforeUnload);
})();
