// Small DOM helpers. Text always goes in as text (textContent), never as HTML.
'use strict';

export const $ = (id) => document.getElementById(id);

/** An element with attributes (class, href, title, data-*, …) and children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.dataset[k.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = v;
    else if (k === 'hidden') node.hidden = true;
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  children.flat().forEach((c) => { if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c)); });
  return node;
}

/** A view's part from its template in index.html (ids inside are unique: one view shows at a time). */
export function fromTemplate(name) {
  return document.getElementById('tpl-' + name).content.cloneNode(true);
}

/** A cell that research suppression hid: shown as such, never as an empty or a zero. */
export const hiddenCell = () => el('span', { class: 'hidden-cell', title: 'Hidden for privacy: a count from 1 to the '
    + 'threshold, or a rate or mean built on one' }, 'hidden');

/**
 * Fills a table: {@code headers} (text), {@code rows} (arrays of text, numbers or nodes). An empty table says so in
 * words rather than staying blank.
 */
export function fillTable(table, headers, rows, emptyText = 'No data yet.') {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  headers.forEach((h) => head.appendChild(el('th', {}, h)));
  const body = table.createTBody();
  if (rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = headers.length;
    cell.className = 'empty';
    cell.textContent = emptyText;
  }
  rows.forEach((cells) => {
    const tr = body.insertRow();
    cells.forEach((c) => tr.insertCell().append(c instanceof Node ? c : String(c === null || c === undefined ? '—' : c)));
  });
  table.dataset.rows = String(rows.length);
}

/** Tiles of numbers; a tile with {@code href} is a link (e.g. to the clients behind the number). */
export function fillTiles(container, tiles) {
  container.replaceChildren(...tiles.map((t) => el(t.href ? 'a' : 'div',
    { class: 'tile' + (t.href ? ' link' : '') + (t.tone ? ' ' + t.tone : ''), href: t.href, 'data-tile': t.key, title: t.hint },
    el('div', { class: 'value' }, t.value === null || t.value === undefined ? '—' : String(t.value)),
    el('div', { class: 'label' }, t.label))));
}

/** A plain message in place of a view: never a blank page. */
export function message(root, title, text, links = []) {
  root.replaceChildren(el('section', { class: 'card message' }, el('h2', {}, title), el('p', {}, text),
    links.length ? el('p', { class: 'links' }, ...links.map((l) => el('a', { href: l.href, class: 'button' }, l.text))) : null));
}
