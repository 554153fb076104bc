/* Posting a form in the background, one request at a time: a change made while a request is out
   is saved by one more request when it returns. `backgroundSave(form, options)` posts the form to
   its own address with the button value `options.action` and the `options.headers`, then calls
   `options.saved(response)` (which may throw or return a promise) or, on any failure,
   `options.failed()`. It returns `later(delay)`, to save once the form has been left alone that
   long, and `cancel()`. Load it before the script that uses it (both deferred keep their order). */
window.backgroundSave = function (form, options) {
  "use strict";

  var timer = null;
  var saving = false;
  var again = false;

  function save() {
    timer = null;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    var body = new FormData(form);
    body.set("action", options.action);
    // form.action would be the buttons named "action"; the attribute is the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: options.headers
    })
      .then(options.saved)
      .catch(options.failed)
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function cancel() {
    window.clearTimeout(timer);
    timer = null;
  }

  return {
    later: function (delay) {
      cancel();
      timer = window.setTimeout(save, delay);
    },
    cancel: cancel
  };
};
