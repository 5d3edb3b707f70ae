// A form or button with data-confirm asks in a dialog first; "OK" sends confirm=yes, so the
// server acts at once instead of showing its own question page (which works without this).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (!question) return;
  if (!window.confirm(question)) {
    event.preventDefault();
    return;
  }
  var field = document.createElement("input");
  field.type = "hidden";
  field.name = "confirm";
  field.value = "yes";
  event.target.appendChild(field);
});
