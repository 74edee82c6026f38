/** Italian identifiers: format and check-digit validation (DESIGN rule 1). */

export function isValidPartitaIva(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  return partitaIvaCheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** The 11th digit of a Partita IVA for its first ten digits (Luhn-like). */
export function partitaIvaCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

const ODD_VALUES: Record<string, number> = {
  "0": 1, "1": 0, "2": 5, "3": 7, "4": 9, "5": 13, "6": 15, "7": 17, "8": 19, "9": 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

function evenValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
}

/** The check character of a person's Codice Fiscale for its first 15 characters. */
export function codiceFiscaleCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i];
    sum += i % 2 === 0 ? ODD_VALUES[ch] : evenValue(ch);
  }
  return String.fromCharCode(65 + (sum % 26));
}

/**
 * A Codice Fiscale is either 16 characters (a person, omocodia letters allowed)
 * with a valid check character, or 11 digits (a legal entity: same rule as a Partita IVA).
 */
export function isValidCodiceFiscale(value: string): boolean {
  const v = value.toUpperCase();
  if (/^\d{11}$/.test(v)) return isValidPartitaIva(v);
  const digitOrOmocode = "[0-9LMNPQRSTUV]";
  const pattern = new RegExp(
    `^[A-Z]{6}${digitOrOmocode}{2}[A-EHLMPRST]${digitOrOmocode}{2}[A-Z]${digitOrOmocode}{3}[A-Z]$`,
  );
  if (!pattern.test(v)) return false;
  return codiceFiscaleCheckChar(v.slice(0, 15)) === v[15];
}

/** ATECO 2007/2025 activity code, e.g. 62.01.00 or 62.10. */
export function isValidAteco(value: string): boolean {
  return /^\d{2}\.\d{2}(\.\d{1,2})?$/.test(value);
}

/** Codice IPA of a public administration (IndicePA), e.g. c_e379. */
export function isValidCodiceIpa(value: string): boolean {
  return /^[a-z0-9_]{2,20}$/i.test(value);
}

/** CUP (Codice Unico di Progetto): 15 alphanumeric characters. */
export function isValidCup(value: string): boolean {
  return /^[A-Z0-9]{15}$/.test(value);
}

/**
 * COR (Codice Concessione RNA): the number the Registro Nazionale degli Aiuti gives each
 * aid granted, e.g. 1234567. Digits only, at most 12.
 */
export function isValidCor(value: string): boolean {
  return /^[0-9]{1,12}$/.test(value);
}
