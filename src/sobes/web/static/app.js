// sobes: keyboard shortcuts for study (space shows the answer, 1-4 rate it), the answer
// timer, and the interview countdown. Our own few lines; pages work without them.
(function () {
  "use strict";
  var started = Date.now();
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function reveal() {
    var answer = document.getElementById("answer");
    var button = document.getElementById("show-answer");
    if (answer && answer.hidden) {
      answer.hidden = false;
      if (button) button.hidden = true;
      return true;
    }
    return false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("show-answer");
    if (button) button.addEventListener("click", reveal);
    // Key points are computed on first use (slow), so they load only when opened.
    document.querySelectorAll("details[data-load]").forEach(function (box) {
      box.addEventListener("toggle", function () {
        if (!box.open || box.getAttribute("data-loaded")) return;
        box.setAttribute("data-loaded", "1");
        var body = box.querySelector(".keypoints-body");
        fetch(box.getAttribute("data-load"), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { body.innerHTML = html; })
          .catch(function () { box.removeAttribute("data-loaded"); });
      });
    });
    document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    var rate = document.getElementById("rate");
    if (rate) rate.addEventListener("submit", function () {
      var d = document.getElementById("duration");
      if (d) d.value = ((Date.now() - started) / 1000).toFixed(1);
    });
    var answerForm = document.getElementById("answer-form");
    if (answerForm) answerForm.addEventListener("submit", function () {
      var s = document.getElementById("seconds");
      if (s) s.value = ((Date.now() - started) / 1000).toFixed(1);
    });
    var timer = document.getElementById("timer");
    if (timer) {
      var left = parseInt(timer.getAttribute("data-seconds-left"), 10) || 0;
      var end = Date.now() + left * 1000;
      var tick = function () {
        var s = Math.max(0, Math.round((end - Date.now()) / 1000));
        timer.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
        if (s === 0 && !timer.classList.contains("late")) {
          // A real interviewer stops you: say so and make finishing the obvious next step,
          // without throwing away an answer still being typed.
          timer.classList.add("late");
          var note = document.getElementById("timer-note");
          if (note) note.textContent = note.getAttribute("data-time-up");
          var finish = document.getElementById("finish");
          if (finish) finish.className = "big";
        }
      };
      tick();
      setInterval(tick, 1000);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!document.getElementById("study")) return;
    if (e.key === " " || e.code === "Space") {
      if (reveal()) e.preventDefault();
      return;
    }
    if (/^[1-4]$/.test(e.key)) {
      var answer = document.getElementById("answer");
      if (answer && answer.hidden) reveal();
      var b = document.querySelector('#rate button[data-key="' + e.key + '"]');
      if (b) { e.preventDefault(); b.click(); }
    }
  });
})();
