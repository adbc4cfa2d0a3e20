// The preview page: reader spreads of the last good PDF, a navigator, the findings beside the
// spreads they concern.  The server sends its state whenever a build starts or ends
// (server-sent events); the page redraws the spreads only when a new PDF is shown.  With another
// edition chosen "beside", each spread is drawn next to that edition's same spread.  texts.js lays
// the printed texts over the pages (to click, and to filter); panel.js edits and reviews one.
"use strict";

const view = { lang: null, variant: null, beside: "", drawn: "", state: null };
// Every request that changes something carries it: it proves the request comes from this page.
const TOKEN = document.querySelector('meta[name="booklet-token"]').content;
const $ = (id) => document.getElementById(id);
const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });

function languageName(lang) {
  try { return LANGUAGE_NAMES.of(lang) || lang; } catch { return lang; }
}

// A change asked of the server: JSON in and out, with the page's token.
async function post(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "X-Booklet-Token": TOKEN, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await response.json(); } catch { data = { error: `${response.status} ${response.statusText}` }; }
  return { status: response.status, data };
}

function make(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// Page 1 alone on the right, then 2–3, 4–5 …; an even last page alone on the left.
function spreadsOf(count) {
  const spreads = count > 0 ? [[1]] : [];
  for (let n = 2; n <= count; n += 2) spreads.push(n + 1 <= count ? [n, n + 1] : [n]);
  return spreads;
}

function current(state) {
  const editions = state.editions;
  return editions.find((e) => e.lang === view.lang && e.variant === view.variant)
    || editions.find((e) => e.lang === view.lang) || editions[0] || null;
}

// The edition shown beside, in the same variant; null until it is built.
function besideEdition(state, edition) {
  if (!view.beside || !edition) return null;
  return state.editions.find((e) => e.lang === view.beside && e.variant === edition.variant
                                    && e.pages) || null;
}

function imageUrl(edition, page, size) {
  return `/page/${edition.lang}/${edition.variant}/${edition.generation}/${page}-${size}.jpg`;
}

function pageImage(edition, page, size) {
  const img = make("img", { src: imageUrl(edition, page, size), alt: `page ${page}`,
                            loading: size === "thumb" ? "eager" : "lazy", decoding: "async" });
  img.style.aspectRatio = String(edition.aspect);
  return img;
}

function pageSlot(edition, page, size, side) {
  const slot = make("div", { class: `page ${side}` });
  if (page && page <= edition.pages) {
    slot.append(pageImage(edition, page, size));
    if (size === "page") {
      Object.assign(slot.dataset, { lang: edition.lang, variant: edition.variant,
                                    generation: String(edition.generation), page: String(page) });
    }
  } else slot.classList.add("none");
  return slot;
}

// One edition's pages of a spread; labelled by its language when another is beside it.
function editionSpread(edition, pages, labelled) {
  const [left, right] = halves(pages);
  return make("div", { class: "edition-spread", lang: edition.lang, "data-lang": edition.lang },
    labelled ? make("p", { class: "edition-label", text: `${languageName(edition.lang)} (${edition.lang})` }) : "",
    make("div", { class: "pages" }, pageSlot(edition, left, "page", "left"),
      pageSlot(edition, right, "page", "right")));
}

function halves(spread) {
  return spread[0] % 2 === 0 ? [spread[0], spread[1] || null] : [null, spread[0]];
}

// Which spread each finding concerns: the spreads its page file was laid out on.
function findingsBySpread(edition, spreads, problems) {
  const spreadOfPage = {};
  spreads.forEach((pages, index) => pages.forEach((p) => { spreadOfPage[p] = index; }));
  const placed = spreads.map(() => []);
  const general = [];
  for (const finding of [...problems, ...edition.findings]) {
    const hit = new Set();
    edition.page_files.forEach((files, i) => {
      if (finding.file && files.includes(finding.file)) hit.add(spreadOfPage[i + 1]);
    });
    if (hit.size === 0) general.push(finding);
    else hit.forEach((index) => placed[index].push(finding));
  }
  return { placed, general };
}

// The keys an overflow names ("m.one.body (120 characters)") become buttons that open their text.
const NAMED_KEY = /([A-Za-z0-9_][A-Za-z0-9_.-]*) \((\d+) characters\)/g;

function findingText(finding, pages) {
  const text = make("span", { class: "text" });
  let at = 0;
  for (const match of finding.text.matchAll(NAMED_KEY)) {
    text.append(finding.text.slice(at, match.index));
    const key = match[1];
    text.append(make("button", { type: "button", class: "key", text: key, title: `Open ${key}`,
                                 onclick: () => Panel.openKey(view.lang, view.variant, key, pages) }),
                match[0].slice(key.length));
    at = match.index + match[0].length;
  }
  text.append(finding.text.slice(at));
  return text;
}

function findingList(findings, pages = []) {
  return make("ul", { class: "findings" }, ...findings.map((f) =>
    make("li", { class: `finding ${f.severity}` },
      make("span", { class: "severity", text: f.severity === "error" ? "Problem" : "Warning" }),
      findingText(f, pages))));
}

function pagesOf(edition, finding) {
  const pages = [];
  edition.page_files.forEach((files, i) => { if (finding.file && files.includes(finding.file)) pages.push(i + 1); });
  return pages;
}

// The pages of a spread and those its findings' page files were laid out on (an overflow runs
// onto the next pages: its keys are looked up there).
function pagesOfFindings(edition, pages, findings) {
  const more = new Set(pages);
  edition.page_files.forEach((files, i) => {
    if (findings.some((f) => f.file && files.includes(f.file))) more.add(i + 1);
  });
  return [...more].sort((a, b) => a - b);
}

function drawSpreads(edition, beside) {
  const spreads = spreadsOf(edition.pages);
  const { placed, general } = findingsBySpread(edition, spreads, view.state.problems);
  const list = $("spreads");
  const thumbs = $("thumbs");
  list.replaceChildren();
  thumbs.replaceChildren();
  spreads.forEach((pages, index) => {
    const [left, right] = halves(pages);
    const label = pages.join("–");
    const findings = placed[index];
    const flag = findings.some((f) => f.severity === "error") ? "error"
      : findings.length ? "warning" : "clean";
    const cut = findings.flatMap((f) => [...f.text.matchAll(NAMED_KEY)].map((m) => m[1]));
    list.append(make("li", { class: `spread-row ${flag}`, id: `spread-${index}`, "data-pages": label,
                             "data-cut": cut.join(" ") },
      make("figure", { class: "spread" },
        make("div", { class: "editions" }, editionSpread(edition, pages, Boolean(view.beside)),
          view.beside ? (beside ? editionSpread(beside, pages, true)
            : make("p", { class: "edition-wait", text: `Building ${languageName(view.beside)}…` })) : ""),
        make("figcaption", { text: pages.length > 1 ? `pages ${label}` : `page ${label}` })),
      make("div", { class: "notes" },
        findings.length ? findingList(findings, pagesOfFindings(edition, pages, findings)) : "")));
    thumbs.append(make("li", { class: `thumb ${flag}` },
      make("button", { type: "button", title: `pages ${label}`,
                       onclick: () => $(`spread-${index}`).scrollIntoView({ behavior: "smooth" }) },
        make("span", { class: "pages" }, pageSlot(edition, left, "thumb", "left"),
          pageSlot(edition, right, "thumb", "right")),
        make("span", { class: "number", text: label }))));
  });
  drawGeneral(general);
  drawLandmarks(edition, spreads);
  $("empty").hidden = spreads.length > 0;
  Texts.spreadsDrawn();
}

function drawGeneral(findings) {
  const box = $("general");
  box.hidden = findings.length === 0;
  box.replaceChildren(make("h2", { text: "About the whole booklet" }), findingList(findings));
}

function drawLandmarks(edition, spreads) {
  const box = $("landmarks");
  box.replaceChildren();
  for (const { label, file } of view.state.landmarks) {
    const page = edition.page_files.findIndex((files) => files.includes(file)) + 1;
    const index = spreads.findIndex((pages) => pages.includes(page));
    if (index < 0) continue;
    box.append(make("button", { type: "button", class: "landmark", text: label,
                                onclick: () => $(`spread-${index}`).scrollIntoView({ behavior: "smooth" }) }));
  }
}

function drawBeside(state) {
  const select = $("beside");
  const others = state.languages.filter((lang) => lang !== view.lang);
  if (view.beside === view.lang) view.beside = "";
  const wanted = ["", ...others].join(" ");
  if (select.dataset.options !== wanted) {
    select.dataset.options = wanted;
    select.replaceChildren(make("option", { value: "", text: "nothing" }),
      ...others.map((lang) => make("option", { value: lang, text: languageName(lang) })));
  }
  select.value = view.beside;
  select.closest("label").hidden = others.length === 0;
}

function drawSwitch(box, names, chosen, pick) {
  box.replaceChildren(...names.map((name) => make("button", {
    type: "button", text: name, "aria-pressed": String(name === chosen), onclick: () => pick(name),
  })));
}

function drawBanner(state, edition) {
  const banner = $("banner");
  const errors = [...state.problems, ...(edition ? edition.findings : [])]
    .filter((f) => f.severity === "error");
  const failed = state.problems.length > 0 || (edition && edition.failed);
  banner.hidden = !failed;
  if (!failed) return;
  banner.replaceChildren(
    make("h2", { text: edition && edition.pages ? "The last change broke the build: these are the last good spreads."
                                                : "The build failed." }),
    make("ul", {}, ...errors.map((f) => make("li", {}, findingText(f, edition ? pagesOf(edition, f) : [])))));
}

function apply(state) {
  view.state = state;
  if (!view.lang || !state.languages.includes(view.lang)) view.lang = state.languages[0];
  if (!view.variant || !state.variants.includes(view.variant)) {
    view.variant = (state.editions[0] || {}).variant || state.variants[0];
  }
  document.title = `${state.title} — booklet preview`;
  $("title").textContent = state.title || "booklet";
  drawSwitch($("languages"), state.languages, view.lang, (lang) => choose(lang, view.variant));
  drawSwitch($("variants"), state.variants, view.variant, (variant) => choose(view.lang, variant));
  drawBeside(state);
  const edition = current(state);
  const failed = state.problems.length > 0 || (edition && edition.failed);
  document.body.dataset.status = state.building ? "building" : failed ? "failed" : "ok";
  $("status").textContent = state.building ? "Building…"
    : `${state.summary}${state.finished ? ` (${state.finished})` : ""}`;
  drawBanner(state, edition);
  if (!edition || !edition.pages) return;
  const pdf = $("pdf");
  pdf.href = `/pdf/${edition.lang}/${edition.variant}.pdf`;
  pdf.textContent = edition.pdf;
  const beside = besideEdition(state, edition);
  const key = [edition.lang, edition.variant, edition.generation, view.beside,
               beside ? beside.generation : 0,
               JSON.stringify([state.problems, edition.findings])].join("/");
  document.body.dataset.generation = String(edition.generation);
  document.body.dataset.edition = `${edition.lang}-${edition.variant}`;
  document.body.dataset.beside = beside ? `${beside.lang}-${beside.generation}` : "";
  document.body.classList.toggle("side-by-side", Boolean(view.beside));
  if (key !== view.drawn) {
    view.drawn = key;
    drawSpreads(edition, beside);
  }
  Texts.stateChanged(state, edition);
  Panel.stateChanged(state);
}

// Ask the server to keep an edition built too, unless it is shown already.
function want(lang, variant) {
  const known = view.state.editions.some((e) => e.lang === lang && e.variant === variant);
  if (!known) fetch(`/want?lang=${encodeURIComponent(lang)}&variant=${encodeURIComponent(variant)}`,
                    { method: "POST", headers: { "X-Booklet-Token": TOKEN } });
}

function choose(lang, variant) {
  view.lang = lang;
  view.variant = variant;
  want(lang, variant);
  if (view.beside) want(view.beside, variant);
  apply(view.state);
}

function chooseBeside(lang) {
  view.beside = lang;
  if (lang) want(lang, view.variant);
  apply(view.state);
}

// Started once every script of the page is in (texts.js and panel.js define what apply calls).
document.addEventListener("DOMContentLoaded", () => {
  $("beside").addEventListener("change", (event) => chooseBeside(event.target.value));
  fetch("/state").then((r) => r.json()).then(apply);
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => apply(JSON.parse(event.data)));
});
