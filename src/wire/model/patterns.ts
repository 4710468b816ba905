/**
 * The model's `pattern` trait as a JavaScript RegExp matched against the whole value, as AWS's
 * validator (Java `Matcher.matches`) does. A pattern JavaScript cannot compile is not checked
 * rather than refusing every request (none of the vendored models has one today).
 */
const compiled = new Map<string, RegExp | null>();

export function wholeMatch(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re;
}
