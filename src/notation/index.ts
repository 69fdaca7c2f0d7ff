// The report's notation, written once (DEVELOPERS.md, "One home per concept"): symbols and
// how layers are told apart (symbols.ts), the equation numbers of each phase and sub-step
// (equation-numbers.ts), each sub-step's equation and label (forms.ts), the report's
// equations (1)–(19) as lessons show them (report-equations.ts), the plain formulas the
// check names (formulas.ts) and sub/superscripts for text (text.ts).

export * from './equation-numbers';
export * from './forms';
export * from './formulas';
export * from './report-equations';
export * from './symbols';
export * from './text';
