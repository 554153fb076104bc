/* The queue's bulk actions: a "tick all on this page" box and the count of ticked rows.
   Without JS the rows are ticked one by one and the form works the same. */
(function () {
  "use strict";

  var text = window.scriptText; // static/js/script-text.js
  var form = document.getElementById("queue-bulk");
  if (!form) {
    return;
  }
  var all = document.querySelector("[data-select-all]");
  var count = form.querySelector("[data-bulk-count]");
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="application"][form="queue-bulk"]'));
  }
  function update() {
    var boxes = rows();
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    if (count) {
      count.textContent = text("queue.ticked", "%(ticked)s of %(total)s on this page", {
        ticked: ticked,
        total: boxes.length
      });
    }
    if (all) {
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  }
  if (all) {
    all.hidden = false;
    all.addEventListener("change", function () {
      rows().forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "application") {
      update();
    }
  });
  update();
})();
