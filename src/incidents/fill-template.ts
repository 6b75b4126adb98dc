/**
 * Fills a template's placeholders: {{incident.title}}, {{components}} (the
 * affected components, comma separated), {{status}} (in words) and {{page.name}}.
 * Spaces inside the braces are allowed. Unknown placeholders stay as typed, so a
 * mistake shows in the preview instead of vanishing. Pure; the result is Markdown
 * and goes through the same checks as anything typed.
 */
export interface TemplateValues {
  incidentTitle: string;
  components: string[];
  status: string;
  pageName: string;
}

const STATUS_WORDS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export function fillTemplate(body: string, values: TemplateValues): string {
  const known: Record<string, string> = {
    'incident.title': values.incidentTitle,
    components: values.components.join(', '),
    status: STATUS_WORDS[values.status] ?? values.status,
    'page.name': values.pageName,
  };
  // One pass: a value that itself contains "{{status}}" is not filled again.
  return body.replace(/\{\{\s*([a-z.]+)\s*\}\}/gi, (match, name: string) => known[name] ?? match);
}
