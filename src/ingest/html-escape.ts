/** Escapes text for HTML element content: `&`, `<` and `>` (the pipeline decodes entities back). */
export function escapeText(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}
