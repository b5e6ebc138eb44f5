/* Progressive enhancement only: every page works without this file. */
document.addEventListener("DOMContentLoaded", function () {
  // After a failed submit, move focus to the error summary so screen readers read it first.
  var summary = document.getElementById("error-summary");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.focus();
  }
  // Copy buttons (calendar addresses): <button data-copy="ID of a readonly input" hidden>
  var status = document.getElementById("copy-status");
  var say = function (key) {
    if (status) {
      status.textContent = status.getAttribute(key) || "";
    }
  };
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say("data-copied"); },
          function () { say("data-failed"); }
        );
      } else {
        say(document.execCommand && document.execCommand("copy") ? "data-copied" : "data-failed");
      }
    });
  });
});
