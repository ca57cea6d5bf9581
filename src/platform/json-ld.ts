// schema.org descriptions embedded in pages: one safe way to put JSON into a <script> element.

/** JSON for a <script> element: "<", ">" and "&" escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
