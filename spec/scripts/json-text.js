// Reading a document's text as JSON when it is plain JSON: JSON.parse is about 40 times faster than the YAML parsers
// (the `yaml` package's, Redocly's js-yaml) on an imported vendor's document of megabytes, and gives the same value.
// Plain: JSON.parse reads it and no object repeats a key, which JSON.parse would silently resolve to the last value
// where the YAML parsers refuse it. Anything else is left to the YAML parser, whose refusal names the problem.

/** What `readJson` returns for a text that is not plain JSON. */
export const NOT_JSON = Symbol('not plain JSON');

/**
 * Whether a JSON text (one JSON.parse accepted) has an object that repeats a key. Reads the text once, keeping the
 * keys of each open object.
 * @param {string} text
 */
export function repeatsKey(text) {
  /** @type {(Set<string> | null)[]} one entry per open container: an object's keys, or null for an array */
  const open = [];
  let atKey = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (atKey && keys) {
        const raw = text.slice(index + 1, end);
        const key = raw.includes('\\') ? JSON.parse(`"${raw}"`) : raw;
        if (keys.has(key)) return true;
        keys.add(key);
        atKey = false;
      }
      index = end;
    } else if (char === '{') {
      open.push(new Set());
      atKey = true;
    } else if (char === '[') open.push(null);
    else if (char === '}' || char === ']') open.pop();
    else if (char === ',') atKey = open.at(-1) != null;
  }
  return false;
}

/**
 * The value of a text that is a plain JSON object or array, else NOT_JSON.
 * @param {string} text
 * @returns {any}
 */
export function readJson(text) {
  if (!/^\s*[{[]/.test(text)) return NOT_JSON;
  try {
    const value = JSON.parse(text);
    return repeatsKey(text) ? NOT_JSON : value;
  } catch {
    return NOT_JSON;
  }
}
