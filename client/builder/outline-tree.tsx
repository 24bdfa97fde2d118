import { memo, type DragEvent } from 'react';
import type { MessageKey } from '../i18n';
import type { DropPosition, ElementPath, OutlineRow } from './edit-definition';

/** What the outline's rows do; the builder passes one object for the page's whole life (see useOutlineHandlers). */
export interface OutlineHandlers {
  select(path: ElementPath): void;
  move(path: ElementPath, dir: -1 | 1): void;
  dragStart(e: DragEvent<HTMLElement>, row: OutlineRow): void;
  dragOver(e: DragEvent<HTMLElement>, row: OutlineRow): void;
  dragLeave(e: DragEvent<HTMLElement>, row: OutlineRow): void;
  drop(e: DragEvent<HTMLElement>, row: OutlineRow): void;
  dragEnd(): void;
}

export const samePath = (a: ElementPath | undefined, b: ElementPath | undefined) =>
  !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
export const pathKey = (p: ElementPath) => p.join('.');

/**
 * The outline of pages, panels and questions. Each row renders again only when what it shows changes: an edit
 * re-renders the edited row, not the hundreds of others (a 300-question survey has over 330 rows), which keeps
 * typing in the properties fast.
 */
export function OutlineTree({
  rows,
  selected,
  dropAt,
  dragFrom,
  handlers,
  t,
}: {
  rows: OutlineRow[];
  selected: ElementPath | undefined;
  dropAt: { path: ElementPath; position: DropPosition } | undefined;
  dragFrom: ElementPath | undefined;
  handlers: OutlineHandlers;
  t: (k: MessageKey) => string;
}) {
  return (
    <ul className="builder-tree">
      {rows.map((row) => (
        <OutlineItem
          key={pathKey(row.path)}
          row={row}
          selected={samePath(row.path, selected)}
          drop={samePath(row.path, dropAt?.path) ? dropAt!.position : undefined}
          dragging={samePath(row.path, dragFrom)}
          handlers={handlers}
          t={t}
        />
      ))}
    </ul>
  );
}

interface ItemProps {
  row: OutlineRow;
  selected: boolean;
  drop: DropPosition | undefined;
  dragging: boolean;
  handlers: OutlineHandlers;
  t: (k: MessageKey) => string;
}

/** Rows are rebuilt by every outlineOf: compare what they hold, not their identity. */
const sameRow = (a: OutlineRow, b: OutlineRow) =>
  a.kind === b.kind && a.name === b.name && a.type === b.type && a.title === b.title && a.depth === b.depth && samePath(a.path, b.path);

const OutlineItem = memo(
  function OutlineItem({ row, selected, drop, dragging, handlers, t }: ItemProps) {
    return (
      <li
        className={`builder-row builder-${row.kind}${drop ? ` builder-drop-${drop}` : ''}${dragging ? ' builder-dragging' : ''}`}
        style={{ paddingLeft: `${row.depth * 1.1}rem` }}
        draggable
        onDragStart={(e) => handlers.dragStart(e, row)}
        onDragOver={(e) => handlers.dragOver(e, row)}
        onDragLeave={(e) => handlers.dragLeave(e, row)}
        onDrop={(e) => handlers.drop(e, row)}
        onDragEnd={() => handlers.dragEnd()}
      >
        <button
          type="button"
          className="builder-select"
          aria-pressed={selected}
          onClick={() => handlers.select(row.path)}
          onKeyDown={(e) => {
            if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
              e.preventDefault();
              handlers.move(row.path, e.key === 'ArrowUp' ? -1 : 1);
            }
          }}
        >
          <span className="builder-kind">{row.kind === 'page' ? t('builderPage') : row.kind === 'panel' ? t('builderPanel') : row.type}</span>{' '}
          <span className="builder-name">{row.name || '–'}</span>
          {row.title && <span className="builder-row-title"> · {row.title}</span>}
        </button>
      </li>
    );
  },
  (a, b) =>
    a.selected === b.selected && a.drop === b.drop && a.dragging === b.dragging && a.handlers === b.handlers && a.t === b.t && sameRow(a.row, b.row),
);
