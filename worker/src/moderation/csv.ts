// A small RFC 4180 CSV reader: quoted fields may hold commas, newlines and doubled quotes.

/** Parse CSV text into rows of fields. CRLF and LF line ends; a final newline is optional. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (quoted) {
      if (char !== '"') {
        field += char;
        i++;
      } else if (text.charAt(i + 1) === '"') {
        field += '"';
        i += 2;
      } else {
        quoted = false;
        i++;
      }
    } else if (char === '"') {
      quoted = true;
      i++;
    } else if (char === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (char === "\n" || char === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += char === "\r" && text.charAt(i + 1) === "\n" ? 2 : 1;
    } else {
      field += char;
      i++;
    }
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as records keyed by the header row's names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, column) => [name, row[column] ?? ""])));
}
