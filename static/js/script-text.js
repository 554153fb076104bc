/* The page's words for a key (endorsement/script_text.py), else the English given, with
   %(name)s filled from `values`: one function for every page script that speaks. Load it
   before the script that uses it (both deferred keep their order). */
window.scriptText = function (key, english, values) {
  "use strict";
  var block = document.getElementById("script-text");
  var words = (block && JSON.parse(block.textContent)[key]) || english;
  return words.replace(/%\((\w+)\)s/g, function (match, name) {
    return String((values || {})[name]);
  });
};
