/**
 * The width of an element in CSS pixels, followed as it changes: the charts draw at the
 * pane's own width, so their text keeps its size from 320 px up (no viewBox stretching).
 */
import { useIsomorphicLayoutEffect } from "@fluentui/react-components";
import { type RefObject, useRef, useState } from "react";

export function useWidth<T extends Element>(fallback: number): [RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useIsomorphicLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
