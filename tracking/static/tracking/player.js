// The guided session player. It walks through the exercises one at a time (timers for work, holds
// and rests; a rep counter; left then right side), then fills in the page's plain form with what
// was done and posts it. Without this script the same form is the whole page.
//
// A retried submit reuses its idempotency key and time (kept in sessionStorage), so the server
// counts the session once however often the upload is retried.
(function () {
  "use strict";

  var root = document.getElementById("player");
  var dataEl = document.getElementById("player-data");
  var form = document.getElementById("session-form");
  if (!root || !dataEl || !form) return;
  var data = JSON.parse(dataEl.textContent);
  var exercises = data.exercises || [];
  if (!exercises.length) return;

  function $(id) { return document.getElementById(id); }
  var el = {
    count: $("player-count"), progress: $("player-progress"), heading: $("player-heading"),
    dose: $("player-dose"), where: $("player-where"), phase: $("player-phase"),
    timer: $("player-timer"), reps: $("player-reps"), repCount: $("player-rep-count"),
    repLess: $("player-rep-less"), repMore: $("player-rep-more"), main: $("player-main"),
    pause: $("player-pause"), skip: $("player-skip"), hint: $("player-hint"),
    announcer: $("player-announcer"), picture: $("player-picture"), steps: $("player-steps"),
    note: $("player-note"), safety: $("player-safety"), safetyList: $("player-safety-list"),
    useForm: $("player-use-form"), exerciseLog: $("exercise-log"), doneSummary: $("done-summary"),
    doneHeading: $("done-heading"), doneList: $("done-list"), problems: $("session-problems"),
    problemList: $("session-problem-list"), submit: $("session-submit")
  };

  // --- The upload's key and time, kept for retries --------------------------------------------
  var storageKey = root.getAttribute("data-storage-key");
  var memory = {};
  function readStored() {
    try { return JSON.parse(window.sessionStorage.getItem(storageKey) || "null"); }
    catch (e) { return memory[storageKey] || null; }
  }
  function writeStored(value) {
    memory[storageKey] = value;
    try { window.sessionStorage.setItem(storageKey, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  var stored = readStored();
  if (!stored || !stored.key) {
    var key = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : form.elements.idempotency_key.value;
    stored = { key: key, performedAt: null };
    writeStored(stored);
  }
  form.elements.idempotency_key.value = stored.key;

  // --- Words ------------------------------------------------------------------------------------
  var SIDE = { left: "Left side", right: "Right side" };
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function announce(text) {
    // Cleared first, so the same words twice are read twice.
    el.announcer.textContent = "";
    window.setTimeout(function () { el.announcer.textContent = text; }, 60);
  }

  // --- Each exercise as a list of phases ----------------------------------------------------------
  function sidesOf(ex) {
    if (ex.side === "each_side") return ["left", "right"];
    if (ex.side === "left" || ex.side === "right") return [ex.side];
    return [null];
  }
  function phasesOf(ex) {
    var phases = [];
    sidesOf(ex).forEach(function (side, index) {
      phases.push({ kind: "ready", side: side, sideIndex: index });
      for (var set = 1; set <= ex.sets; set++) {
        if (ex.timed) {
          phases.push({ kind: "work", side: side, set: set, seconds: ex.work });
        } else if (ex.hold) {
          for (var rep = 1; rep <= ex.reps; rep++) {
            phases.push({ kind: "hold", side: side, set: set, rep: rep, seconds: ex.hold });
            if (rep < ex.reps) phases.push({ kind: "relax", side: side, set: set, rep: rep, seconds: data.secondsPerRep || 3 });
          }
        } else {
          phases.push({ kind: "reps", side: side, set: set });
        }
        if (set < ex.sets && ex.rest) phases.push({ kind: "rest", side: side, set: set, seconds: ex.rest });
      }
    });
    return phases;
  }

  var results = exercises.map(function () { return { units: 0, reps: [], holdReps: 0, status: "skipped" }; });
  var current = 0, phases = [], index = 0;
  var ticker = null, endsAt = 0, remainingMs = 0, paused = false, spoken = null, wakeLock = null;

  function unitLabel(ex) { return ex.timed ? "Round" : "Set"; }
  function whereText(ex, phase) {
    var parts = [];
    if (phase.side) parts.push(SIDE[phase.side]);
    if (phase.set) parts.push(unitLabel(ex) + " " + phase.set + " of " + ex.sets);
    if (phase.kind === "hold" || phase.kind === "relax") parts.push("repetition " + phase.rep + " of " + ex.reps);
    return parts.join(" · ");
  }

  function show(node, visible) { node.hidden = !visible; }

  function fillExercise(ex) {
    el.count.textContent = "Exercise " + (current + 1) + " of " + exercises.length;
    el.progress.setAttribute("aria-valuenow", String(current));
    el.progress.firstElementChild.style.width = (100 * current / exercises.length) + "%";
    el.heading.textContent = ex.name;
    el.dose.textContent = ex.words.charAt(0).toUpperCase() + ex.words.slice(1);
    if (ex.image) {
      el.picture.src = ex.image;
      el.picture.alt = ex.alt;
    }
    show(el.picture, !!ex.image);
    el.steps.textContent = "";
    ex.steps.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      el.steps.appendChild(li);
    });
    el.note.textContent = ex.note ? "From your practitioner: " + ex.note : "";
    show(el.note, !!ex.note);
    el.safetyList.textContent = "";
    (ex.safety || []).forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      el.safetyList.appendChild(li);
    });
    show(el.safety, !!(ex.safety && ex.safety.length));
  }

  function startExercise(number, focus) {
    current = number;
    phases = phasesOf(exercises[current]);
    index = 0;
    fillExercise(exercises[current]);
    enterPhase();
    if (focus) el.heading.focus();
  }

  function enterPhase() {
    stopTicker();
    var ex = exercises[current], phase = phases[index];
    el.where.textContent = whereText(ex, phase);
    el.phase.setAttribute("data-kind", phase.kind);
    show(el.reps, phase.kind === "reps");
    show(el.pause, !!phase.seconds);
    paused = false;
    el.pause.textContent = "Pause";
    el.hint.textContent = "";
    if (phase.kind === "ready") {
      show(el.timer, false);
      if (phase.sideIndex > 0) {
        el.phase.textContent = "Now the " + phase.side + " side";
        el.main.textContent = "Start the " + phase.side + " side";
        announce("Now the " + phase.side + " side. Press Start when you are ready.");
      } else {
        el.phase.textContent = "Get ready";
        el.main.textContent = phase.side ? "Start with the " + phase.side + " side" : "Start";
        el.hint.textContent = "Read the steps, get into position, then press Start.";
      }
      return;
    }
    if (phase.kind === "reps") {
      show(el.timer, false);
      el.phase.textContent = "Do " + plural(ex.reps || 0, "repetition", "repetitions");
      el.repCount.textContent = String(ex.reps || 0);
      el.main.textContent = "Set done";
      el.hint.textContent = "Go at your own pace. Change the number if you did more or fewer.";
      announce(whereText(ex, phase) + ". Do " + plural(ex.reps || 0, "repetition", "repetitions") + ", then press Set done.");
      return;
    }
    var words = {
      work: ["Go", "Go for " + plural(phase.seconds, "second", "seconds"), "End this round now"],
      hold: ["Hold", "Hold for " + plural(phase.seconds, "second", "seconds"), "Next repetition"],
      relax: ["Relax", "Relax", "Next repetition"],
      rest: ["Rest", "Rest for " + plural(phase.seconds, "second", "seconds"), "Skip the rest"]
    }[phase.kind];
    el.phase.textContent = words[0];
    el.main.textContent = words[2];
    show(el.timer, true);
    var prefix = phase.kind === "work" || (phase.kind === "hold" && phase.rep === 1) ? whereText(ex, phase) + ". " : "";
    if (phase.kind === "hold" && phase.rep > 1) prefix = "Repetition " + phase.rep + ". ";
    announce(prefix + words[1] + ".");
    startTicker(phase.seconds);
  }

  function startTicker(seconds) {
    remainingMs = seconds * 1000;
    endsAt = Date.now() + remainingMs;
    spoken = null;
    tick();
    ticker = window.setInterval(tick, 200);
  }
  function stopTicker() {
    if (ticker) window.clearInterval(ticker);
    ticker = null;
  }
  function tick() {
    var left = Math.max(0, endsAt - Date.now());
    var seconds = Math.ceil(left / 1000);
    el.timer.textContent = clock(seconds);
    var phase = phases[index];
    // The last three seconds are read out, only for phases long enough to need it.
    if (phase.seconds > 5 && seconds <= 3 && seconds > 0 && spoken !== seconds) {
      spoken = seconds;
      announce(String(seconds));
    }
    if (left <= 0) completePhase();
  }

  function record(phase, ex) {
    var result = results[current];
    if (phase.kind === "work") result.units += 1;
    if (phase.kind === "reps") {
      result.units += 1;
      result.reps.push(parseInt(el.repCount.textContent, 10) || 0);
    }
    if (phase.kind === "hold") {
      result.holdReps += 1;
      if (phase.rep === ex.reps) {
        result.units += 1;
        result.reps.push(result.holdReps);
        result.holdReps = 0;
      }
    }
  }

  function completePhase() {
    stopTicker();
    var ex = exercises[current];
    record(phases[index], ex);
    if (navigator.vibrate && phases[index].seconds) { try { navigator.vibrate(150); } catch (e) { /* not allowed */ } }
    index += 1;
    if (index >= phases.length) finishExercise();
    else enterPhase();
  }

  function finishExercise() {
    stopTicker();
    var ex = exercises[current], result = results[current];
    var total = ex.sets * sidesOf(ex).length;
    if (result.holdReps) result.reps.push(result.holdReps);
    result.status = result.units >= total ? "done" : (result.units > 0 || result.reps.length ? "partial" : "skipped");
    if (current + 1 < exercises.length) {
      announce(ex.name + (result.status === "done" ? " done." : " finished early.") + " Next: " + exercises[current + 1].name + ".");
      startExercise(current + 1, true);
    } else {
      showEnd();
    }
  }

  // --- Controls ---------------------------------------------------------------------------------
  el.main.addEventListener("click", function () {
    var phase = phases[index];
    if (phase.kind === "ready") {
      keepAwake();
      index += 1;
      enterPhase();
    } else {
      completePhase();
    }
  });
  el.pause.addEventListener("click", function () {
    if (!phases[index].seconds) return;
    if (paused) {
      paused = false;
      endsAt = Date.now() + remainingMs;
      ticker = window.setInterval(tick, 200);
      el.pause.textContent = "Pause";
      announce("Going again.");
    } else {
      paused = true;
      remainingMs = Math.max(0, endsAt - Date.now());
      stopTicker();
      el.pause.textContent = "Resume";
      announce("Paused.");
    }
  });
  el.skip.addEventListener("click", function () { finishExercise(); });
  el.repLess.addEventListener("click", function () {
    el.repCount.textContent = String(Math.max(0, (parseInt(el.repCount.textContent, 10) || 0) - 1));
  });
  el.repMore.addEventListener("click", function () {
    el.repCount.textContent = String(Math.min(50, (parseInt(el.repCount.textContent, 10) || 0) + 1));
  });
  el.useForm.addEventListener("click", function () {
    stopTicker();
    show(root, false);
    show(form, true);
    show(el.exerciseLog, true);
    show(el.doneSummary, false);
    $("exercise-log-heading").setAttribute("tabindex", "-1");
    $("exercise-log-heading").focus();
  });

  function keepAwake() {
    // Keeps a phone's screen on during the session, where the browser allows it.
    if (wakeLock || !("wakeLock" in navigator)) return;
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () {});
  }

  // --- The end: fill in the form, then post it ---------------------------------------------------
  function setField(name, value) {
    var field = form.elements[name];
    if (!field) return;
    if (field instanceof RadioNodeList || (field.length && !field.tagName)) {
      Array.prototype.forEach.call(field, function (radio) { radio.checked = radio.value === value; });
    } else {
      field.value = value;
    }
  }

  function showEnd() {
    stopTicker();
    if (wakeLock) { wakeLock.release(); wakeLock = null; }
    el.doneList.textContent = "";
    exercises.forEach(function (ex, i) {
      var result = results[i];
      var sides = sidesOf(ex).length;
      var sets = Math.round(result.units / sides);
      var reps = result.reps.length ? Math.round(result.reps.reduce(function (a, b) { return a + b; }, 0) / result.reps.length) : null;
      setField("ex-" + ex.id + "-status", result.status);
      setField("ex-" + ex.id + "-sets", String(sets));
      if (!ex.timed) setField("ex-" + ex.id + "-reps", reps === null ? "" : String(reps));
      var words = { done: "done", partial: "partly done", skipped: "skipped" }[result.status];
      var li = document.createElement("li");
      var unit = (ex.timed ? "round" : "set") + (ex.sets === 1 ? "" : "s");
      var detail = result.status === "skipped" ? "" : ": " + sets + " of " + ex.sets + " " + unit + (sides > 1 ? " each side" : "");
      li.textContent = ex.name + " — " + words + detail;
      el.doneList.appendChild(li);
    });
    el.progress.setAttribute("aria-valuenow", String(exercises.length));
    el.progress.firstElementChild.style.width = "100%";
    show(root, false);
    show(el.exerciseLog, false);
    show(el.doneSummary, true);
    show(form, true);
    el.doneHeading.focus();
  }

  function showProblems(message, errors) {
    el.problemList.textContent = "";
    var lines = [message];
    Object.keys(errors || {}).forEach(function (name) {
      var target = form.querySelector('[data-errors-for="' + name + '"]');
      if (target) {
        target.textContent = errors[name].join(" ");
        target.hidden = false;
      } else if (name !== "__all__") {
        lines.push(errors[name].join(" "));
      }
    });
    lines.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      el.problemList.appendChild(li);
    });
    el.problems.hidden = false;
    el.problems.focus();
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) return; // the browser posts the form itself
    event.preventDefault();
    Array.prototype.forEach.call(form.querySelectorAll("[data-errors-for]"), function (node) { node.hidden = true; });
    if (!stored.performedAt) {
      stored.performedAt = new Date().toISOString();
      writeStored(stored);
    }
    form.elements.idempotency_key.value = stored.key;
    form.elements.performed_at.value = stored.performedAt;
    el.submit.disabled = true;
    el.submit.textContent = "Saving…";
    fetch(window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok && result.body.redirect) {
        window.location.assign(result.body.redirect);
        return;
      }
      showProblems(result.body.message || "Your session could not be saved.", result.body.errors);
      el.submit.disabled = false;
      el.submit.textContent = "Save my session";
    }).catch(function () {
      showProblems("We could not reach the server, so nothing is saved yet. Your answers are still here: check your connection and press Save again.", {});
      el.submit.disabled = false;
      el.submit.textContent = "Save my session";
    });
  });

  // --- Start ------------------------------------------------------------------------------------
  if (form.querySelector(".gw-field-error:not([hidden])") || !el.problems.hidden) {
    return; // the server sent the form back with errors: leave it as it is
  }
  show(form, false);
  show(root, true);
  startExercise(0, false);
})();
