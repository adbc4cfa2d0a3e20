// The printed texts over the page images: a transparent button on each place a text is printed
// (the `boxes` of GET /api/texts), lit on hover, that opens the text in the panel (panel.js).  Also
// the edition's review counts (GET /api/status) in the header, and the filters that show only the
// spreads with stale, unreviewed or English-left texts and outline those texts on the page.
"use strict";

// Which states each filter outlines, by the names /api/status counts them under.
const FILTERS = {
  stale: { states: ["stale"], says: "stale texts (the English changed since)" },
  unreviewed: { states: ["draft", "edited-after-review", "returned"], says: "texts to review" },
  english_left: { states: ["english-left"], says: "English left untranslated" },
};

const Texts = {
  loaded: new Map(),   // "lang/variant/generation/page" -> Promise of the /api/texts answer (or null)
  status: null,        // the /api/status answer for the edition shown, or null
  statusKey: "",
  filter: "",
  observer: null,
  prefetching: 0,

  url(lang, variant, page) {
    return `/api/texts?lang=${encodeURIComponent(lang)}&variant=${encodeURIComponent(variant)}&page=${page}`;
  },

  // The texts printed on a page of a PDF shown (cached by its generation: a new PDF, new boxes).
  load(lang, variant, generation, page) {
    const key = `${lang}/${variant}/${generation}/${page}`;
    if (!this.loaded.has(key)) {
      this.loaded.set(key, fetch(this.url(lang, variant, page))
        .then((r) => (r.ok ? r.json() : null)).catch(() => null));
    }
    return this.loaded.get(key);
  },

  // Forget a page's texts (after a save or a review: their versions and states changed).
  forget(lang) {
    for (const key of [...this.loaded.keys()]) if (key.startsWith(`${lang}/`)) this.loaded.delete(key);
  },

  slots() {
    return [...document.querySelectorAll(".spread .page[data-page]")];
  },

  // New spreads: lay texts over each page as it comes near the screen.
  spreadsDrawn() {
    if (this.observer) this.observer.disconnect();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        this.observer.unobserve(entry.target);
        this.fill(entry.target);
      }
    }, { rootMargin: "1200px 0px" });
    for (const slot of this.slots()) this.observer.observe(slot);
    this.applyFilter();
    clearTimeout(this.prefetching);
    this.prefetching = setTimeout(() => this.prefetch(), 1500);
  },

  // The texts of every page, one after another once the screen's are in: a reviewer's Next text
  // and a filter's outlines then need no wait.
  async prefetch() {
    const drawn = view.drawn;
    for (const slot of this.slots()) {
      if (view.drawn !== drawn) return;  // new spreads: they start their own
      if (slot.dataset.filled !== slot.dataset.generation) await this.fill(slot);
    }
  },

  async fill(slot) {
    const { lang, variant, generation, page } = slot.dataset;
    if (slot.dataset.filled === generation) return slot;
    const answer = await this.load(lang, variant, generation, page);
    if (!slot.isConnected) return slot;
    slot.dataset.filled = generation;
    slot.querySelector(".hits")?.remove();
    if (!answer) return slot;
    const layer = this.hits(slot, answer);
    slot.append(layer);
    this.mark(layer);
    if (Panel.ctx && Panel.ctx.lang === lang) this.open(lang, Panel.ctx.text.key);
    return slot;
  },

  hits(slot, answer) {
    const layer = make("div", { class: "hits" });
    for (const text of answer.texts) {
      text.boxes.forEach(([x, y, w, h], index) => {
        const hit = make("button", {
          type: "button", class: "hit", "data-key": text.key, "data-state": text.state,
          "aria-label": `${text.key}: ${text.text.slice(0, 60)}`, title: text.key,
          onclick: () => Panel.open({ lang: answer.lang, variant: answer.variant,
                                      page: Number(slot.dataset.page), text, slot }),
          onmouseenter: () => this.light(slot, text.key, true),
          onmouseleave: () => this.light(slot, text.key, false),
          onfocus: () => this.light(slot, text.key, true),
          onblur: () => this.light(slot, text.key, false),
        });
        if (index > 0) {  // one stop of the keyboard per text, however many lines it is set in
          hit.tabIndex = -1;
          hit.setAttribute("aria-hidden", "true");
        }
        Object.assign(hit.style, { left: `${x * 100}%`, top: `${y * 100}%`,
                                   width: `${w * 100}%`, height: `${h * 100}%` });
        layer.append(hit);
      });
    }
    return layer;
  },

  light(slot, key, on) {
    for (const hit of slot.querySelectorAll(".hit")) {
      if (hit.dataset.key === key) hit.classList.toggle("lit", on);
    }
  },

  // The hits of the text open in the panel, in every page it is printed on.
  open(lang, key) {
    for (const hit of document.querySelectorAll(".hit.open")) hit.classList.remove("open");
    if (!key) return;
    for (const slot of this.slots()) {
      if (slot.dataset.lang !== lang) continue;
      for (const hit of slot.querySelectorAll(".hit")) if (hit.dataset.key === key) hit.classList.add("open");
    }
  },

  // Find a text by key on the given pages of the edition shown (an overflow's keys).
  async find(lang, variant, key, pages) {
    const edition = view.state.editions.find((e) => e.lang === lang && e.variant === variant);
    if (!edition) return null;
    for (const page of pages) {
      const answer = await this.load(lang, variant, edition.generation, page);
      const text = answer && answer.texts.find((t) => t.key === key);
      if (text) return { lang, variant, page, text, slot: this.slotOf(lang, page) };
    }
    return null;
  },

  slotOf(lang, page) {
    return this.slots().find((s) => s.dataset.lang === lang && s.dataset.page === String(page)) || null;
  },

  // ---- review counts and filters ---------------------------------------------------------

  stateChanged(state, edition) {
    if (!edition || !edition.pages) return;
    const key = `${edition.lang}/${edition.generation}/${state.version}`;
    if (key === this.statusKey || state.building) return;
    this.statusKey = key;
    this.refreshStatus(edition.lang);
  },

  async refreshStatus(lang) {
    let answer = null;
    try {
      const response = await fetch(`/api/status?lang=${encodeURIComponent(lang)}`);
      answer = response.ok ? await response.json() : null;
    } catch { answer = null; }
    if (lang !== view.lang) return;
    this.showStatus(answer);
  },

  // The counts of a language (from /api/status, or a review's answer) in the header and filters.
  showStatus(answer) {
    const translated = answer && answer.counts && answer.counts.texts > 0 && answer.lang === view.lang
      && answer.lang !== view.state.languages[0];
    this.status = translated ? answer : null;
    $("counts").hidden = !translated;
    $("filters").hidden = !translated;
    if (!translated) {
      if (this.filter) this.setFilter("");
      return;
    }
    const c = answer.counts;
    const parts = [`${c.reviewed} of ${c.texts} reviewed`];
    if (c.unreviewed) parts.push(`${c.unreviewed} to review`);
    if (c.stale) parts.push(`${c.stale} stale`);
    if (c.returned) parts.push(`${c.returned} sent back`);
    if (c.english_left) parts.push(`${c.english_left} English left`);
    if (c.missing) parts.push(`${c.missing} missing`);
    $("counts").textContent = parts.join(" · ");
    $("counts").dataset.reviewed = String(c.reviewed);
    for (const button of $("filters").querySelectorAll("button[data-filter]")) {
      const name = button.dataset.filter;
      if (name) button.querySelector(".n").textContent = String(c[name] || 0);
    }
    this.applyFilter();
  },

  setFilter(name) {
    this.filter = name;
    for (const button of $("filters").querySelectorAll("button[data-filter]")) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === name));
    }
    this.applyFilter();
    const first = document.querySelector(".spread-row:not([hidden])");
    if (name && first) first.scrollIntoView({ block: "start" });
  },

  // Only the spreads with texts of the filter's kind (by the counts of each printed page).
  applyFilter() {
    const name = this.status ? this.filter : "";
    document.body.dataset.filter = name;
    const pages = (this.status && this.status.pages) || {};
    const has = (page) => ((pages[String(page)] || {})[name] || 0) > 0;
    const rows = [...document.querySelectorAll(".spread-row")];
    const thumbs = [...document.querySelectorAll(".thumb")];
    let shown = 0;
    rows.forEach((row, index) => {
      const keep = !name || row.dataset.pages.split("–").map(Number).some(has);
      row.hidden = !keep;
      if (thumbs[index]) thumbs[index].hidden = !keep;
      if (keep) shown += 1;
    });
    const note = $("filtered");
    note.hidden = !name;
    if (name) {
      note.textContent = shown
        ? `Showing ${shown} of ${rows.length} spreads: those with ${FILTERS[name].says}, outlined on the page.`
        : `No spread has ${FILTERS[name].says}.`;
    }
    for (const layer of document.querySelectorAll(".hits")) this.mark(layer);
  },

  // Outline the texts the filter picks, and those an overflow of the spread says to cut.
  mark(layer) {
    const states = this.filter && this.status ? FILTERS[this.filter].states : [];
    const row = layer.closest(".spread-row");
    const cut = new Set(row && row.dataset.cut ? row.dataset.cut.split(" ") : []);
    const own = layer.closest(".page").dataset.lang === view.lang;
    for (const hit of layer.querySelectorAll(".hit")) {
      hit.classList.toggle("picked", states.includes(hit.dataset.state));
      hit.classList.toggle("cut", own && cut.has(hit.dataset.key));
    }
  },

  // A text's new state (a review, a save) on every hit of it, without a new PDF.
  restate(lang, key, state) {
    for (const slot of this.slots()) {
      if (slot.dataset.lang !== lang) continue;
      for (const hit of slot.querySelectorAll(".hit")) if (hit.dataset.key === key) hit.dataset.state = state;
    }
    for (const layer of document.querySelectorAll(".hits")) this.mark(layer);
  },
};

document.addEventListener("DOMContentLoaded", () => {
  for (const button of $("filters").querySelectorAll("button[data-filter]")) {
    button.addEventListener("click", () => Texts.setFilter(button.dataset.filter));
  }
});
