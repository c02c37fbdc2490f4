/**
 * Looks at every text a user sends before any dialog sees it (design.md, rule 3).
 * Returns the language of what it recognised, or null. It never keeps the text.
 */
export interface CrisisDetector {
  detect(text: string): { language: 'en' | 'sw' | 'sheng' } | null;
}
