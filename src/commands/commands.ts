/**
 * Ribbon function file. The Home-tab button opens the task pane (ShowTaskpane), which
 * needs no code; this file only initialises Office.js so the ribbon works in every host.
 */
if (typeof Office !== "undefined") {
  void Office.onReady();
}

export {};
