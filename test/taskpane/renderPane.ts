/**
 * A pane component rendered to HTML for the tests: React's server renderer inside Fluent's
 * provider (light theme), Fluent's style tags and React's text separators left out; and the
 * visible text of that HTML, one space between words.
 */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { type ReactElement, createElement } from "react";
import { renderToString } from "react-dom/server";

export function renderHtml(element: ReactElement): string {
  return renderToString(createElement(FluentProvider, { theme: webLightTheme }, element)).replace(/<style[^>]*>[\s\S]*?<\/style>/g, "").replace(/<!-- -->/g, "");
}

export function text(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
}
