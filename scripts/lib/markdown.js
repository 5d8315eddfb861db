// Markdown text the docs view adds to descriptions.

/** `text` with `more` as a paragraph of its own after it. */
export const appendParagraph = (text, more) => (text ? `${text}\n\n${more}` : more);
