// CloudStack takes user data base64-encoded; the text is UTF-8 first, as cloud-init reads it.
export function base64(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));
}
