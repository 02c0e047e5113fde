/**
 * A review list whose items point at cells of an output sheet (demand alerts, shortages): the
 * first few, then "Show all". Each item is a badge, the address, and the sentence. Inside
 * Excel the sentence is a link that selects the cells (a button: Enter works too); standalone
 * the address is shown as text.
 */
import { Badge, Body1, Button, Link } from "@fluentui/react-components";
import { Fragment, type ReactNode, useState } from "react";
import { usePanelStyles } from "./panelStyles";

type BadgeProps = { readonly text: string; readonly color: "danger" | "warning" | "informative" | "success" };

export interface PointerItemProps {
  readonly badge: BadgeProps;
  /** More badges after the first (overdue, new…). */
  readonly marks?: readonly BadgeProps[];
  /** The address as shown: `SOP Capacity!A87`. */
  readonly where: string;
  /** The address to select: `'SOP Capacity'!A87`. */
  readonly target: string;
  readonly text: string;
  /** Excel: select the cells. */
  readonly onSelect: ((address: string) => void) | undefined;
  /** Test id of the item; its parts are `${part}-address`, `${part}-select` and `${part}-text`. */
  readonly testId: string;
  readonly part: string;
  /** `data-*` attributes of the item. */
  readonly data?: Readonly<Record<string, string>>;
  /** Details under the sentence (owner, due date…). */
  readonly children?: ReactNode;
}

export function PointerItem({ badge, marks, where, target, text, onSelect, testId, part, data, children }: PointerItemProps): JSX.Element {
  const s = usePanelStyles();
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <li className={s.item} data-testid={testId} {...attrs}>
      <div className={s.row}>
        <Badge appearance="tint" color={badge.color} size="small">
          {badge.text}
        </Badge>
        {marks?.map((m) => (
          <Badge key={m.text} appearance={m.color === "danger" ? "filled" : "tint"} color={m.color} size="small" data-testid={`${part}-mark`}>
            {m.text}
          </Badge>
        ))}
        <span className={s.address} data-testid={`${part}-address`}>
          {where}
        </span>
      </div>
      {onSelect ? (
        <Link as="button" className={s.itemText} onClick={() => onSelect(target)} title={`Select ${where} in the workbook`} data-testid={`${part}-select`}>
          {text}
        </Link>
      ) : (
        <Body1 data-testid={`${part}-text`}>{text}</Body1>
      )}
      {children}
    </li>
  );
}

export interface PointerListProps<T> {
  readonly items: readonly T[];
  /** Items listed at first; "Show all" lists the others. */
  readonly first: number;
  /** What the items are, in the plural ("alerts"), for "Show all 12 alerts". */
  readonly noun: string;
  /** Test id of the list; the button's is `all-${noun}`. */
  readonly testId: string;
  readonly itemKey: (item: T, index: number) => string;
  /** One item: a `PointerItem` (its own `<li>`). */
  readonly renderItem: (item: T) => JSX.Element;
}

export function PointerList<T>({ items, first, noun, testId, itemKey, renderItem }: PointerListProps<T>): JSX.Element {
  const s = usePanelStyles();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, first);
  return (
    <>
      <ul className={s.items} data-testid={testId}>
        {shown.map((x, i) => (
          <Fragment key={itemKey(x, i)}>{renderItem(x)}</Fragment>
        ))}
      </ul>
      {items.length > shown.length && (
        <div className={s.row}>
          <Button size="small" onClick={() => setAll(true)} data-testid={`all-${noun}`}>
            Show all {items.length} {noun}
          </Button>
        </div>
      )}
    </>
  );
}
