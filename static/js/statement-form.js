// Statement form: when a date is typed and the session box is still empty, choose the session
// under way on that date (if exactly one was) and say so under the box. A session the user chose
// is never replaced; clearing the date undoes only what this script chose.
(function () {
  "use strict";

  var date = document.getElementById("id_delivered_on");
  var session = document.getElementById("id_session");
  if (!date || !session) return;

  var note = document.createElement("div");
  note.className = "form-text";
  note.dataset.role = "session-from-date";
  note.setAttribute("aria-live", "polite");
  session.insertAdjacentElement("afterend", note);
  var chosenByScript = null;

  function sessionsOn(day) {
    return Array.prototype.filter.call(session.options, function (option) {
      return option.dataset.start && option.dataset.start <= day && day <= option.dataset.end;
    });
  }

  function update() {
    if (session.value && session.value !== chosenByScript) return; // the user's own choice
    var found = date.value ? sessionsOn(date.value) : [];
    if (found.length === 1) {
      session.value = found[0].value;
      chosenByScript = session.value;
      note.textContent = "Chosen from the date: " + found[0].text + ". Change it if needed.";
    } else if (chosenByScript !== null) {
      session.value = "";
      chosenByScript = null;
      note.textContent = "";
    }
  }

  date.addEventListener("change", update);
  session.addEventListener("change", function () {
    if (chosenByScript !== null && session.value !== chosenByScript) {
      chosenByScript = null;
      note.textContent = "";
    }
  });
})();
