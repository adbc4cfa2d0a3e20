// The panel of one printed text: where it comes from, the English beside the edition's words,
// its review state, placeholders and the room left on its page; edit and save it (POST /api/text
// with the version it was read at: a 409 means someone saved first, and the user chooses), or
// review it (POST /api/review).  The spread refreshes when the server says the rebuild is shown.
"use strict";

const STATE_WORDS = {
  source: "English: the source", draft: "draft, not reviewed yet", reviewed: "reviewed",
  "edited-after-review": "edited after review", stale: "stale: the English changed since",
  returned: "sent back", "english-left": "English left untranslated", missing: "missing",
};

const Panel = {
  ctx: null,        // {lang, variant, page, text, slot}: the text open, as /api/texts gave it
  version: "",      // the version the text area's words are based on
  saving: null,     // {generation, at, lang}: a save waiting for its rebuild to be shown

  async openKey(lang, variant, key, pages) {
    const found = await Texts.find(lang, variant, key, pages);
    if (found) this.open(found);
    else this.say(`${key} is not printed on these pages.`, "error", true);
  },

  open(ctx) {
    if (this.dirty() && ctx.text.key !== this.ctx.text.key
        && !window.confirm(`Leave ${this.ctx.text.key} without saving your changes?`)) return;
    this.ctx = ctx;
    this.version = ctx.text.version;
    const { text, lang } = ctx;
    const panel = $("panel");
    panel.hidden = false;
    panel.dataset.key = text.key;
    panel.dataset.lang = lang;
    document.body.classList.add("panel-open");
    $("panel-key").textContent = text.key;
    $("panel-page-file").textContent = `${text.page_file} (p. ${ctx.page})`;
    $("panel-lang-file").textContent = text.lang_file;
    const english = text.state === "source";
    $("panel-english-box").hidden = english;
    $("panel-english").textContent = text.english;
    $("panel-text-label").textContent = `${languageName(lang)} (${lang})`;
    const area = $("panel-text");
    area.lang = lang;
    area.value = text.text;
    area.rows = Math.min(12, Math.max(3, Math.ceil(text.text.length / 42) + 1));
    const own = text.editable !== false;  // a derived edition's (sr-Cyrl) words are made, not kept
    area.readOnly = !own;
    $("panel-edit-actions").hidden = !own;
    $("panel-made-from").hidden = own;
    $("panel-made-from-says").textContent = text.made_from || "";
    const source = (/content\/lang\/([^/]+)\.yaml/.exec(text.made_from || "") || [])[1];
    $("panel-open-source").hidden = !source;
    $("panel-open-source").dataset.lang = source || "";
    this.showState(text.state, text.note);
    $("panel-room").textContent = text.room && text.room.says ? `Room: ${text.room.says}` : "";
    $("panel-placeholders").replaceChildren(...text.placeholders.map((p) =>
      make("li", {}, make("code", { text: `{${p.name}}` }), ` ${p.meaning}`)));
    $("panel-review").hidden = english;
    $("panel-return-form").hidden = true;
    $("panel-conflict").hidden = true;
    this.say("");
    Texts.open(lang, text.key);
    this.updateButtons();
    area.focus({ preventScroll: true });
    this.keepInSight();
  },

  // The panel narrows the spreads, which moves the text clicked: bring it back into sight.
  keepInSight() {
    const slot = this.ctx && this.ctx.slot;
    const hit = slot && slot.isConnected && slot.querySelector(".hit.open");
    if (!hit) return;
    requestAnimationFrame(() => {
      const box = hit.getBoundingClientRect();
      if (box.top < 60 || box.bottom > window.innerHeight - 10) hit.scrollIntoView({ block: "center" });
    });
  },

  close() {
    if (this.dirty() && !window.confirm("Close without saving your changes?")) return;
    const slot = this.ctx && this.ctx.slot;
    const key = this.ctx && this.ctx.text.key;
    this.ctx = null;
    $("panel").hidden = true;
    document.body.classList.remove("panel-open");
    Texts.open("", "");
    const hit = slot && slot.isConnected && [...slot.querySelectorAll(".hit")].find((h) => h.dataset.key === key);
    if (hit) hit.focus({ preventScroll: true });
  },

  dirty() {
    return Boolean(this.ctx) && $("panel-text").value !== this.ctx.text.text;
  },

  showState(state, note) {
    const badge = $("panel-state");
    badge.textContent = STATE_WORDS[state] || state;
    badge.dataset.state = state;
    $("panel-note").textContent = note ? `“${note}”` : "";
  },

  updateButtons() {
    const dirty = this.dirty();
    $("panel-save").disabled = !dirty || !$("panel-conflict").hidden;  // choose first
    $("panel-undo").disabled = !dirty;
    for (const id of ["panel-reviewed", "panel-return", "panel-send-back"]) {
      $(id).disabled = dirty;
      $(id).title = dirty ? "Save or undo your changes first" : "";
    }
  },

  say(message, kind = "", standalone = false) {
    const box = $("panel-message");
    box.textContent = message;
    box.dataset.kind = kind;
    if (standalone && message) window.alert(message);
  },

  // ---- saving -------------------------------------------------------------------------------

  async save(version = this.version) {
    if (!this.ctx) return;
    const { lang, text } = this.ctx;
    const words = $("panel-text").value;
    $("panel-save").disabled = true;
    this.say("Saving…");
    const edition = this.edition(view.state);
    const started = performance.now();
    const { status, data } = await post("/api/text", { lang, key: text.key, text: words, version });
    if (!this.ctx || this.ctx.text.key !== text.key) return;
    if (status === 200) {
      $("panel-conflict").hidden = true;
      Object.assign(this.ctx.text, { text: data.text, version: data.version, state: data.state });
      this.version = data.version;
      $("panel-text").value = data.text;
      this.showState(data.state, "");
      this.saving = { generation: edition ? edition.generation : 0, at: started, lang,
                      edition: edition ? `${edition.lang}/${edition.variant}` : "" };
      this.say(`Saved to ${text.saves_to || text.lang_file.split(":")[0]}. Rebuilding the page…`, "ok");
      Texts.forget(lang);
      Texts.restate(lang, text.key, data.state);
      Texts.refreshStatus(view.lang);
    } else if (status === 409) {
      this.conflict(words, data);
      return;
    } else {
      this.say(data.error || `The server said ${status}.`, "error");
    }
    this.updateButtons();
  },

  // Someone saved first: show their words beside the user's, and let them choose.
  conflict(words, data) {
    $("panel-theirs").textContent = data.current.text;
    $("panel-yours").textContent = words;
    $("panel-conflict").hidden = false;
    $("panel-conflict").dataset.version = data.current.version;
    this.say("");
    this.updateButtons();
    $("panel-take").focus();
  },

  takeTheirs() {
    const box = $("panel-conflict");
    this.ctx.text.text = $("panel-theirs").textContent;
    this.ctx.text.version = box.dataset.version;
    this.version = box.dataset.version;
    $("panel-text").value = this.ctx.text.text;
    box.hidden = true;
    this.say("Their words are in the text area now; nothing was saved.");
    this.updateButtons();
  },

  overwrite() {
    $("panel-text").value = $("panel-yours").textContent;
    this.save($("panel-conflict").dataset.version);
  },

  // A state from the server: a save's rebuild shown, or the file changed under an open panel.
  // The edition the open text was clicked in (the one shown, or the one beside it).
  edition(state) {
    return this.ctx && state.editions.find((e) => e.lang === this.ctx.lang && e.variant === this.ctx.variant);
  },

  stateChanged(state) {
    const edition = this.edition(state);
    if (!this.ctx || !edition) return;
    const wait = this.saving;
    if (wait && state.building) wait.built = true;
    if (wait && !state.building && `${edition.lang}/${edition.variant}` === wait.edition) {
      const seconds = ((performance.now() - wait.at) / 1000).toFixed(1);
      if (edition.failed || state.problems.length) {
        this.saving = null;
        this.say(`Saved, but the build failed: see the message above the spreads.`, "error");
      } else if (edition.generation > wait.generation) {
        this.saving = null;
        this.say(`Saved; the page shows it (${seconds} s).`, "ok");
        $("panel").dataset.shown = String(edition.generation);
        this.reread();
      } else if (wait.built) {
        this.saving = null;
        this.say("Saved; the build changed nothing on these pages.", "ok");
      }
    } else if (!wait && !state.building) {
      this.reread();
    }
  },

  // Read the open text again from the new PDF: its room, boxes and version may have changed.
  async reread() {
    const ctx = this.ctx;
    const edition = this.edition(view.state);
    if (!ctx || !edition) return;
    const answer = await Texts.load(ctx.lang, ctx.variant, edition.generation, ctx.page);
    const fresh = answer && answer.texts.find((t) => t.key === ctx.text.key);
    if (!fresh || this.ctx !== ctx) return;
    const mine = this.dirty();
    const changed = fresh.version !== this.version;
    ctx.slot = Texts.slotOf(ctx.lang, ctx.page) || ctx.slot;
    $("panel-room").textContent = fresh.room && fresh.room.says ? `Room: ${fresh.room.says}` : "";
    this.showState(fresh.state, fresh.note);
    if (changed && mine) {
      this.say("The file changed since you opened this text: saving will show you both versions.", "error");
    } else if (changed) {
      ctx.text = fresh;
      this.version = fresh.version;
      $("panel-text").value = fresh.text;
      this.say("This text was changed in the file; the panel shows it as it is now.");
    } else {
      ctx.text = { ...fresh, text: ctx.text.text };
    }
    Texts.open(ctx.lang, ctx.text.key);
    this.updateButtons();
  },

  // A derived edition's text (sr-Cyrl) is edited in its source's (sr-Latn): open that one, built
  // beside if it is not shown yet.
  async openSource() {
    const lang = $("panel-open-source").dataset.lang;
    const ctx = this.ctx;
    const { variant, page, text } = ctx;
    const shown = () => view.state.editions.some((e) => e.lang === lang && e.variant === variant && e.pages);
    if (!shown()) {
      this.say(`Building the ${languageName(lang)} edition to open its text…`);
      want(lang, variant);
      while (!shown() && this.ctx === ctx) await new Promise((done) => setTimeout(done, 300));
    }
    if (this.ctx !== ctx) return;
    const edition = view.state.editions.find((e) => e.lang === lang && e.variant === variant);
    const pages = [page, ...Array.from({ length: edition.pages }, (_, i) => i + 1).filter((n) => n !== page)];
    const found = await Texts.find(lang, variant, text.key, pages);
    if (found) this.open(found);
    else this.say(`${text.key} is not on p. ${page} of the ${lang} edition.`, "error");
  },

  // ---- reviewing ----------------------------------------------------------------------------

  async review(state, note = "") {
    if (!this.ctx) return;
    const { lang, text } = this.ctx;
    const { status, data } = await post("/api/review", { lang, key: text.key, state, note });
    if (status !== 200) {
      this.say(data.error || `The server said ${status}.`, "error");
      return;
    }
    text.state = data.state;
    text.note = note;
    this.showState(data.state, note);
    $("panel-return-form").hidden = true;
    $("panel-return-note").value = "";
    this.say(state === "reviewed" ? "Marked reviewed." : "Sent back with your note.", "ok");
    Texts.forget(lang);
    Texts.restate(lang, text.key, data.state);
    if (data.counts) {
      Texts.showStatus({ ...(Texts.status || {}), lang, counts: data.counts,
                         ...(data.pages ? { pages: data.pages } : {}) });
    }
  },

  // ---- walking the texts (a reviewer goes from one to the next) ---------------------------

  async step(direction) {
    if (!this.ctx) return;
    // The texts of the pages not laid over yet (far from the screen) are needed to walk on.
    const unfilled = Texts.slots().filter((slot) => slot.dataset.lang === this.ctx.lang
      && slot.dataset.filled !== slot.dataset.generation && !slot.closest(".spread-row").hidden);
    await Promise.all(unfilled.map((slot) => Texts.fill(slot)));
    if (!this.ctx) return;
    const hits = [...document.querySelectorAll(".spread-row:not([hidden]) .hit")].filter(
      (hit) => hit.tabIndex !== -1 && hit.closest(".page").dataset.lang === this.ctx.lang
        && (!document.body.dataset.filter || hit.classList.contains("picked")));
    const at = hits.findIndex((hit) => hit.dataset.key === this.ctx.text.key
                                       && hit.closest(".page") === this.ctx.slot);
    const next = hits[at + direction];
    if (next) {
      next.scrollIntoView({ block: "center", behavior: "smooth" });
      next.click();
    } else {
      this.say(direction > 0 ? "That was the last text." : "That was the first text.");
    }
  },
};

document.addEventListener("DOMContentLoaded", () => {
  $("panel-close").addEventListener("click", () => Panel.close());
  $("panel-save").addEventListener("click", () => Panel.save());
  $("panel-undo").addEventListener("click", () => {
    $("panel-text").value = Panel.ctx.text.text;
    Panel.updateButtons();
  });
  $("panel-text").addEventListener("input", () => Panel.updateButtons());
  $("panel-take").addEventListener("click", () => Panel.takeTheirs());
  $("panel-overwrite").addEventListener("click", () => Panel.overwrite());
  $("panel-reviewed").addEventListener("click", () => Panel.review("reviewed"));
  $("panel-return").addEventListener("click", () => {
    $("panel-return-form").hidden = false;
    $("panel-return-note").focus();
  });
  $("panel-send-back").addEventListener("click", () => {
    const note = $("panel-return-note").value.trim();
    if (!note) {
      Panel.say("Say what should change: the translator reads this note.", "error");
      $("panel-return-note").focus();
      return;
    }
    Panel.review("returned", note);
  });
  $("panel-open-source").addEventListener("click", () => Panel.openSource());
  $("panel-previous").addEventListener("click", () => Panel.step(-1));
  $("panel-next").addEventListener("click", () => Panel.step(1));
  document.addEventListener("keydown", (event) => {
    if ($("panel").hidden) return;
    if (event.key === "Escape") {
      event.preventDefault();
      Panel.close();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !$("panel-save").disabled) {
      event.preventDefault();
      Panel.save();
    } else if (event.altKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      event.preventDefault();
      Panel.step(event.key === "ArrowRight" ? 1 : -1);
    }
  });
});
