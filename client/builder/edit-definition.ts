/**
 * The builder's edits, as pure functions on a SurveyJS definition (plain JSON): each returns a new definition and
 * never changes its input, so that undo / redo is a stack of definitions and React sees every change.
 *
 * Only the objects on the path to an edit are copied; everything else (and every key the builder does not know)
 * is kept as it was, in the same key order, so a definition loaded and saved without edits comes back identical.
 *
 * Addresses: a page is `[p]`; an element is `[p, i]` (pages[p].elements[i]), and an element inside a panel
 * `[p, i, j]` (pages[p].elements[i].elements[j]), and so on.
 */

export type JsonObject = Record<string, unknown>;
export type Definition = JsonObject;
export type ElementPath = readonly number[];
/** `default` is English (SurveyJS's default locale). */
export type Locale = 'default' | 'fr';

/** Question types the property panel edits fully; others are kept and can be moved, duplicated or deleted. */
export const EDITABLE_TYPES = [
  'text', 'comment', 'radiogroup', 'checkbox', 'dropdown', 'tagbox', 'boolean', 'rating', 'ranking', 'matrix', 'matrixdropdown',
  'matrixdynamic', 'multipletext', 'paneldynamic', 'expression', 'html',
] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];
/** Types whose answer is picked among `choices`. */
export const CHOICE_TYPES: readonly string[] = ['radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking'];

/** Properties that only make sense for some types: dropped when a question changes to a type without them. */
const TYPE_KEYS: Record<string, readonly string[]> = {
  choice: [
    'choices', 'choicesOrder', 'colCount', 'showOtherItem', 'otherText', 'otherPlaceholder', 'otherErrorText', 'showNoneItem',
    'noneText', 'showRefuseItem', 'refuseText', 'showDontKnowItem', 'dontKnowText', 'showSelectAllItem', 'selectAllText',
    'maxSelectedChoices', 'minSelectedChoices', 'choicesFromQuestion', 'choicesFromQuestionMode', 'choicesVisibleIf',
    'choicesEnableIf', 'hideIfChoicesEmpty', 'separateSpecialChoices', 'searchEnabled', 'allowClear', 'selectToRankEnabled',
  ],
  text: ['inputType', 'min', 'max', 'step', 'minErrorText', 'maxErrorText', 'maskType', 'maskSettings', 'size', 'autocomplete', 'dataList'],
  comment: ['rows', 'cols', 'autoGrow', 'allowResize', 'acceptCarriageReturn'],
  textual: ['maxLength', 'placeholder', 'textUpdateMode'],
  boolean: ['labelTrue', 'labelFalse', 'valueTrue', 'valueFalse', 'swapOrder', 'renderAs'],
  rating: ['rateMin', 'rateMax', 'rateStep', 'rateValues', 'rateCount', 'rateType', 'rateDisplayMode', 'minRateDescription', 'maxRateDescription', 'displayRateDescriptionsAsExtremeItems', 'displayMode', 'scaleColorMode', 'rateColorMode', 'autoGenerate'],
  matrix: ['rows', 'columns', 'rowsOrder', 'isAllRowRequired', 'cellType', 'columnMinWidth', 'rowTitleWidth', 'columnLayout'],
  matrixdynamic: ['rowCount', 'minRowCount', 'maxRowCount', 'addRowText', 'removeRowText', 'confirmDelete', 'allowAddRows', 'allowRemoveRows'],
  multipletext: ['items', 'itemSize', 'colCount'],
  paneldynamic: ['templateElements', 'templateTitle', 'templateDescription', 'panelCount', 'minPanelCount', 'maxPanelCount', 'panelAddText', 'panelRemoveText', 'renderMode'],
  expression: ['expression', 'displayStyle', 'currency', 'format', 'maximumFractionDigits', 'minimumFractionDigits'],
  html: ['html'],
};

function keyGroupsOf(type: string): string[] {
  if (CHOICE_TYPES.includes(type)) return type === 'dropdown' || type === 'tagbox' ? ['choice', 'placeholderOnly'] : ['choice'];
  if (type === 'text') return ['text', 'textual'];
  if (type === 'comment') return ['comment', 'textual'];
  if (type === 'boolean') return ['boolean'];
  if (type === 'rating') return ['rating'];
  if (type === 'matrix' || type === 'matrixdropdown') return type === 'matrix' ? ['matrix'] : ['matrix', 'choice'];
  if (type === 'matrixdynamic') return ['matrix', 'matrixdynamic', 'choice'];
  if (type === 'multipletext' || type === 'paneldynamic' || type === 'expression' || type === 'html') return [type];
  return [];
}
function typeKeys(type: string): Set<string> {
  const keys = new Set<string>();
  for (const g of keyGroupsOf(type)) for (const k of g === 'placeholderOnly' ? ['placeholder'] : (TYPE_KEYS[g] ?? [])) keys.add(k);
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A dynamic panel's questions are its `templateElements`: in the outline and in paths they are its children. */
export const isDynamicPanel = (el: JsonObject | undefined) => el?.type === 'paneldynamic';

const childKey = (depth: number, node?: JsonObject) => (depth === 0 ? 'pages' : isDynamicPanel(node) ? 'templateElements' : 'elements');

function childrenOf(node: JsonObject, depth: number): unknown[] {
  const list = node[childKey(depth, node)];
  return Array.isArray(list) ? list : [];
}

export function pagesOf(def: Definition): JsonObject[] {
  return childrenOf(def, 0).filter(isObject);
}

/** The page or element at `path`, or undefined when there is none (e.g. after an undo). */
export function getAt(def: Definition, path: ElementPath): JsonObject | undefined {
  let node: unknown = def;
  for (let depth = 0; depth < path.length; depth++) {
    if (!isObject(node)) return undefined;
    node = childrenOf(node, depth)[path[depth]!];
  }
  return isObject(node) && path.length > 0 ? node : undefined;
}

export const isPanel = (el: JsonObject | undefined) => el?.type === 'panel';

/** The text of a localisable value in one locale ('' when missing); a plain string is the English text. */
export function textOf(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return locale === 'default' ? value : '';
  if (!isObject(value)) return '';
  const v = locale === 'default' ? (value.default ?? value.en) : value.fr;
  return typeof v === 'string' ? v : '';
}

export interface OutlineRow {
  path: ElementPath;
  depth: number;
  kind: 'page' | 'panel' | 'question';
  name: string;
  type: string;
  /** English title ('' when none). */
  title: string;
}

/** Pages, panels and questions in order, for the outline. */
export function outlineOf(def: Definition): OutlineRow[] {
  const rows: OutlineRow[] = [];
  const visit = (node: JsonObject, path: number[], depth: number) => {
    childrenOf(node, depth).forEach((child, i) => {
      if (!isObject(child)) return;
      const here = [...path, i];
      const kind = depth === 0 ? 'page' : isPanel(child) ? 'panel' : 'question';
      const dynamic = depth > 0 && isDynamicPanel(child);
      rows.push({
        path: here,
        depth,
        kind,
        name: typeof child.name === 'string' ? child.name : '',
        type: depth === 0 ? 'page' : String(child.type ?? ''),
        title: textOf(child.title, 'default'),
      });
      if (depth === 0 || kind === 'panel' || dynamic) visit(child, here, depth + 1);
    });
  };
  visit(def, [], 0);
  return rows;
}

/** Every name used by pages, panels and questions (dynamic panels' templates included). */
export function namesIn(def: Definition): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    if (typeof v.name === 'string') names.add(v.name);
    for (const k of ['pages', 'elements', 'templateElements']) if (Array.isArray(v[k])) visit(v[k]);
  };
  visit(def);
  return names;
}

/** `base1`, `base2`, ...: the first one not used in the definition (or in `taken`). */
export function uniqueName(def: Definition, base: string, taken: Set<string> = namesIn(def)): string {
  for (let n = 1; ; n++) {
    const name = `${base}${n}`;
    if (!taken.has(name)) return name;
  }
}

/** How many questions, panels and pages use this name (more than 1: a duplicate the server will refuse). */
export function countName(def: Definition, name: string): number {
  let n = 0;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    if (v.name === name) n++;
    for (const k of ['pages', 'elements', 'templateElements']) if (Array.isArray(v[k])) visit(v[k]);
  };
  visit(def);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Copy-on-write helpers

function updateNode(node: JsonObject, path: ElementPath, fn: (n: JsonObject) => JsonObject, depth = 0): JsonObject {
  if (path.length === 0) return fn(node);
  const list = childrenOf(node, depth);
  const [i, ...rest] = path as number[];
  if (i === undefined || i < 0 || i >= list.length || !isObject(list[i])) throw new RangeError(`no element at ${String(i)}`);
  const copy = list.slice();
  copy[i] = updateNode(list[i] as JsonObject, rest, fn, depth + 1);
  return { ...node, [childKey(depth, node)]: copy };
}

/** Replaces the list of children of the node at `parent` ([] = the pages of the survey). */
function updateChildren(def: Definition, parent: ElementPath, fn: (list: unknown[]) => unknown[]): Definition {
  return updateNode(def, parent, (n) => ({ ...n, [childKey(parent.length, n)]: fn(childrenOf(n, parent.length).slice()) }));
}

/** Applies `fn` to the page or element at `path`. */
export function updateAt(def: Definition, path: ElementPath, fn: (el: JsonObject) => JsonObject): Definition {
  if (path.length === 0) throw new RangeError('empty path');
  return updateNode(def, path, fn);
}

/** Sets a property (`undefined` removes it). Setting the value it already has returns the same definition. */
export function setProperty(def: Definition, path: ElementPath, key: string, value: unknown): Definition {
  const el = getAt(def, path);
  if (!el || el[key] === value) return def;
  return updateAt(def, path, (n) => {
    const copy = { ...n };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });
}

/**
 * A localisable value with one locale's text replaced: plain strings become `{default}` objects, empty texts are
 * removed, and nothing left means `undefined` (the property is removed).
 */
export function withText(value: unknown, locale: Locale, text: string): JsonObject | undefined {
  const obj: JsonObject = typeof value === 'string' ? (value === '' ? {} : { default: value }) : isObject(value) ? { ...value } : {};
  if (text === '') delete obj[locale];
  else obj[locale] = text;
  if (locale === 'default' && obj.en !== undefined) delete obj.en;
  return Object.keys(obj).length > 0 ? obj : undefined;
}

export function setText(def: Definition, path: ElementPath, key: string, locale: Locale, text: string): Definition {
  const el = getAt(def, path);
  if (!el || textOf(el[key], locale) === text) return def;
  return setProperty(def, path, key, withText(el[key], locale, text));
}

// ---------------------------------------------------------------------------------------------
// Pages and elements

export interface Edited {
  definition: Definition;
  /** Where the added / moved / duplicated thing now is. */
  path: ElementPath;
}

export function addPage(def: Definition, afterPage?: number): Edited {
  const pages = childrenOf(def, 0);
  const at = afterPage === undefined ? pages.length : Math.min(afterPage + 1, pages.length);
  const page = { name: uniqueName(def, 'page'), elements: [] };
  return { definition: updateChildren(def, [], (list) => (list.splice(at, 0, page), list)), path: [at] };
}

/** A new question of `type`: a fresh code, no texts yet. */
export function newQuestion(def: Definition, type: string): JsonObject {
  return { type, name: uniqueName(def, 'question') };
}

/**
 * Adds a question after the element at `after`, or at the end of page `page` when `after` is a page path or
 * absent (a survey without pages gets one).
 */
export function addQuestion(def: Definition, type: string, after?: ElementPath): Edited {
  let d = def;
  if (pagesOf(d).length === 0) d = addPage(d).definition;
  const target = after && getAt(d, after) ? after : [pagesOf(d).length - 1];
  const q = newQuestion(d, type);
  if (target.length === 1) {
    const at = childrenOf(getAt(d, target)!, 1).length;
    return { definition: updateChildren(d, target, (list) => (list.push(q), list)), path: [target[0]!, at] };
  }
  const parent = target.slice(0, -1);
  const at = target[target.length - 1]! + 1;
  return { definition: updateChildren(d, parent, (list) => (list.splice(at, 0, q), list)), path: [...parent, at] };
}

/** Deletes the page or element at `path`. */
export function deleteAt(def: Definition, path: ElementPath): Definition {
  if (!getAt(def, path)) return def;
  const index = path[path.length - 1]!;
  return updateChildren(def, path.slice(0, -1), (list) => (list.splice(index, 1), list));
}

/** A deep copy of the page or element with new codes for it and everything inside, inserted after it. */
export function duplicateAt(def: Definition, path: ElementPath): Edited {
  const el = getAt(def, path);
  if (!el) return { definition: def, path };
  const taken = namesIn(def);
  const rename = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rename);
    if (!isObject(v)) return v;
    const copy: JsonObject = { ...v };
    if (typeof copy.name === 'string') {
      const base = `${copy.name.replace(/_copy\d*$/, '')}_copy`;
      copy.name = uniqueName(def, base, taken);
      taken.add(copy.name as string);
    }
    for (const k of ['elements', 'templateElements']) if (Array.isArray(copy[k])) copy[k] = rename(copy[k]);
    return copy;
  };
  const copy = rename(structuredClone(el));
  const index = path[path.length - 1]! + 1;
  const parent = path.slice(0, -1);
  return { definition: updateChildren(def, parent, (list) => (list.splice(index, 0, copy), list)), path: [...parent, index] };
}

/** A place in a list of children: before its `index`-th child of `parent` ([] = the pages), counted before the move. */
export interface Slot {
  parent: ElementPath;
  index: number;
}

const startsWith = (path: ElementPath, prefix: ElementPath) => prefix.length <= path.length && prefix.every((x, i) => x === path[i]);

/**
 * Moves the page or element at `from` to `to` (the one move that the buttons, Alt+arrows and drag and drop all
 * use). Pages move among pages; elements go into a page or a panel, never into themselves. A dynamic panel's
 * template question stays in it (moving it out, or another question in, would change the shape of the answers).
 * Returns undefined when the move is not allowed or changes nothing.
 */
export function moveTo(def: Definition, from: ElementPath, to: Slot): Edited | undefined {
  const el = getAt(def, from);
  if (!el) return undefined;
  const fromParent = from.slice(0, -1);
  const fromIndex = from[from.length - 1]!;
  if ((from.length === 1) !== (to.parent.length === 0)) return undefined;
  if (startsWith(to.parent, from)) return undefined;
  const sameParent = samePath(fromParent, to.parent);
  if (!sameParent) {
    const into = getAt(def, to.parent);
    if (to.parent.length > 1 && !isPanel(into) && !isDynamicPanel(into)) return undefined;
    if (dynamicOwner(def, fromParent) !== dynamicOwner(def, to.parent)) return undefined;
  }
  const target = to.parent.length === 0 ? def : getAt(def, to.parent);
  if (!target || to.index < 0 || to.index > childrenOf(target, to.parent.length).length) return undefined;
  if (sameParent && (to.index === fromIndex || to.index === fromIndex + 1)) return undefined;

  // Once el is removed, the lists after it in its parent sit one place higher.
  const parent = to.parent.slice();
  const level = fromParent.length;
  if (parent.length > level && startsWith(parent, fromParent) && parent[level]! > fromIndex) parent[level]!--;
  const at = sameParent && to.index > fromIndex ? to.index - 1 : to.index;
  const without = deleteAt(def, from);
  return { definition: updateChildren(without, parent, (list) => (list.splice(at, 0, el), list)), path: [...parent, at] };
}

export type DropPosition = 'before' | 'after' | 'inside';

/** Where a drop before / after / inside (at the end of a page or panel) the item at `target` puts things. */
export function slotAt(target: ElementPath, position: DropPosition, def: Definition): Slot | undefined {
  const node = getAt(def, target);
  if (!node) return undefined;
  if (position === 'inside') return { parent: target, index: childrenOf(node, target.length).length };
  const index = target[target.length - 1]!;
  return { parent: target.slice(0, -1), index: position === 'before' ? index : index + 1 };
}

/** Drag and drop: moves `from` before, after or into the item at `target` (undefined when not allowed). */
export function moveToTarget(def: Definition, from: ElementPath, target: ElementPath, position: DropPosition): Edited | undefined {
  const slot = slotAt(target, position, def);
  return slot && moveTo(def, from, slot);
}

/**
 * Moves a page or element one step up (-1) or down (+1), as a keyboard user expects in a tree: within its list;
 * into a neighbouring panel (as its last / first element); out of its panel at the panel's edge; and from one
 * page to the end / start of the previous / next page. Returns undefined when it cannot move further.
 */
export function moveAt(def: Definition, path: ElementPath, dir: -1 | 1): Edited | undefined {
  const el = getAt(def, path);
  if (!el) return undefined;
  const parent = path.slice(0, -1);
  const index = path[path.length - 1]!;
  const siblings = parent.length === 0 ? childrenOf(def, 0) : childrenOf(getAt(def, parent)!, parent.length);
  const target = index + dir;

  if (path.length === 1) {
    if (target < 0 || target >= siblings.length) return undefined;
    return moveTo(def, path, { parent: [], index: dir === -1 ? target : target + 1 });
  }
  if (target >= 0 && target < siblings.length) {
    const neighbour = siblings[target];
    if (isObject(neighbour) && isPanel(neighbour)) {
      // Into the panel: at its end going up, at its start going down.
      const panelPath = [...parent, target];
      return moveTo(def, path, { parent: panelPath, index: dir === -1 ? childrenOf(neighbour, panelPath.length).length : 0 });
    }
    return moveTo(def, path, { parent, index: dir === -1 ? target : target + 1 });
  }
  if (path.length > 2) {
    // Out of the panel, before or after it (not out of a dynamic panel: moveTo refuses).
    return moveTo(def, path, { parent: parent.slice(0, -1), index: parent[parent.length - 1]! + (dir === 1 ? 1 : 0) });
  }
  // A page's first / last element goes to the previous / next page.
  const page = path[0]! + dir;
  if (page < 0 || page >= pagesOf(def).length) return undefined;
  return moveTo(def, path, { parent: [page], index: dir === -1 ? childrenOf(getAt(def, [page])!, 1).length : 0 });
}

/** The innermost dynamic panel holding the list of children of `parent` (itself included), as a path key, or ''. */
function dynamicOwner(def: Definition, parent: ElementPath): string {
  for (let n = parent.length; n > 1; n--) if (isDynamicPanel(getAt(def, parent.slice(0, n)))) return parent.slice(0, n).join('.');
  return '';
}

const samePath = (a: ElementPath, b: ElementPath) => a.length === b.length && a.every((x, i) => x === b[i]);

function swap(list: unknown[], a: number, b: number): unknown[] {
  const x = list[a];
  list[a] = list[b];
  list[b] = x;
  return list;
}

/** Changes a question's type, dropping the properties the new type does not have (choices kept between choice types). */
export function changeType(def: Definition, path: ElementPath, type: string): Definition {
  const el = getAt(def, path);
  if (!el || el.type === type) return def;
  const before = typeKeys(String(el.type ?? ''));
  const after = typeKeys(type);
  return updateAt(def, path, (n) => {
    const copy: JsonObject = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'type') copy.type = type;
      else if (!(before.has(k) && !after.has(k))) copy[k] = v;
    }
    return copy;
  });
}

// ---------------------------------------------------------------------------------------------
// Choices

export type ItemList = 'choices' | 'rows' | 'columns';

/** The items of a list as objects (`"yes"` reads as `{value: "yes"}`), for display. */
export function itemsOf(el: JsonObject | undefined, list: ItemList = 'choices'): JsonObject[] {
  const items = el?.[list];
  if (!Array.isArray(items)) return [];
  return items.map((item) => (isObject(item) ? item : { value: item }));
}

function updateItems(def: Definition, path: ElementPath, list: ItemList, fn: (items: unknown[]) => unknown[]): Definition {
  return updateAt(def, path, (n) => ({ ...n, [list]: fn(Array.isArray(n[list]) ? (n[list] as unknown[]).slice() : []) }));
}

export function addItem(def: Definition, path: ElementPath, list: ItemList = 'choices'): Definition {
  const el = getAt(def, path);
  if (!el) return def;
  const values = new Set(itemsOf(el, list).map((i) => String(i.value)));
  let n = values.size + 1;
  while (values.has(`item${n}`)) n++;
  return updateItems(def, path, list, (items) => [...items, { value: `item${n}` }]);
}

export function removeItem(def: Definition, path: ElementPath, index: number, list: ItemList = 'choices'): Definition {
  return updateItems(def, path, list, (items) => (items.splice(index, 1), items));
}

export function moveItem(def: Definition, path: ElementPath, index: number, dir: -1 | 1, list: ItemList = 'choices'): Definition {
  const count = itemsOf(getAt(def, path), list).length;
  if (index + dir < 0 || index + dir >= count) return def;
  return updateItems(def, path, list, (items) => swap(items, index, index + dir));
}

/** Changes one item; a bare value becomes `{value}` first. `undefined` values remove the key. */
export function updateItem(def: Definition, path: ElementPath, index: number, fn: (item: JsonObject) => JsonObject, list: ItemList = 'choices'): Definition {
  return updateItems(def, path, list, (items) => {
    const item = items[index];
    const next = fn(isObject(item) ? { ...item } : { value: item });
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    items[index] = next;
    return items;
  });
}

export function setItemText(def: Definition, path: ElementPath, index: number, locale: Locale, text: string, list: ItemList = 'choices'): Definition {
  return updateItem(def, path, index, (item) => ({ ...item, text: withText(item.text, locale, text) }), list);
}

// ---------------------------------------------------------------------------------------------
// Translations

/** Properties holding texts shown to people (localisable in SurveyJS). */
const TEXT_KEYS = [
  'title', 'description', 'placeholder', 'html', 'labelTrue', 'labelFalse', 'minRateDescription', 'maxRateDescription', 'otherText',
  'noneText', 'otherPlaceholder', 'commentText', 'requiredErrorText', 'completedHtml', 'completedBeforeHtml', 'loadingHtml',
  'dontKnowText', 'refuseText', 'selectAllText', 'navigationTitle', 'navigationDescription', 'panelAddText', 'panelRemoveText',
];

function isTranslated(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (!isObject(value)) return true;
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (!Object.values(value).some(filled)) return true;
  return (filled(value.default) || filled(value.en)) && filled(value.fr);
}

/**
 * Paths of texts lacking English or French, e.g. `pages[0].elements[2].title`; items without a text (their value
 * is shown) count too. The server's checkDefinition is the reference; this is the builder's live count.
 */
export function listUntranslated(def: Definition): string[] {
  const out: string[] = [];
  const visit = (node: JsonObject, at: string) => {
    for (const key of TEXT_KEYS) if (key in node && !isTranslated(node[key])) out.push(`${at}${at ? '.' : ''}${key}`);
    for (const [key, value] of Object.entries(node)) {
      if (!Array.isArray(value)) continue;
      const here = `${at}${at ? '.' : ''}${key}`;
      const isItems = key === 'choices' || key === 'rows' || key === 'columns' || key === 'rateValues';
      value.forEach((item, i) => {
        if (isObject(item)) {
          if (isItems && item.text === undefined && item.title === undefined && typeof item.value === 'string' && !isNumeric(item.value)) {
            out.push(`${here}[${i}].text`);
          }
          if (isItems && 'text' in item && !isTranslated(item.text)) out.push(`${here}[${i}].text`);
          visit(withoutKey(item, 'text'), `${here}[${i}]`);
        } else if (isItems && typeof item === 'string' && item.trim() !== '' && !isNumeric(item)) {
          out.push(`${here}[${i}]`);
        }
      });
    }
  };
  visit(def, '');
  return out;
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _omitted, ...rest } = o;
  return rest;
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

// ---------------------------------------------------------------------------------------------
// Undo / redo

export interface History {
  past: Definition[];
  present: Definition;
  future: Definition[];
  /** Key of the last edit: consecutive edits with the same key (typing in one field) are one undo step. */
  lastKey?: string;
}

export const HISTORY_LIMIT = 300;

export function createHistory(definition: Definition): History {
  return { past: [], present: definition, future: [] };
}

/** Records an edit. An edit that changes nothing is not recorded; `key` merges it with the previous one. */
export function commit(h: History, next: Definition, key?: string): History {
  if (next === h.present) return h;
  if (key !== undefined && key === h.lastKey && h.past.length > 0) return { past: h.past, present: next, future: [], lastKey: key };
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key };
}

export function undo(h: History): History {
  const previous = h.past[h.past.length - 1];
  if (previous === undefined) return h;
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;
