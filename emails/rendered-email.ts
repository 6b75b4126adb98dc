/** What a rendered template gives: both parts and the subject. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
