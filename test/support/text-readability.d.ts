/** The part of text-readability the content tests use; the package ships no types. */
declare module 'text-readability' {
  const readability: { fleschKincaidGrade(text: string): number };
  export default readability;
}
