import { describe, it, expect } from 'vitest';
import { renderMarkdown, renderMarkdownCached, findRefusedHtml } from '../../src/markdown.ts';

describe('renderMarkdown', () => {
  it('renders basic formatting', () => {
    const html = renderMarkdown('We are **investigating** _elevated_ errors.\n\n- one\n- two\n\n`code` and ~~old~~');
    expect(html).toContain('<strong>investigating</strong>');
    expect(html).toContain('<em>elevated</em>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<del>old</del>');
  });

  it('keeps fenced code without its class', () => {
    const html = renderMarkdown('```js\nconst a = 1 < 2;\n```');
    expect(html).toBe('<pre><code>const a = 1 &lt; 2;\n</code></pre>\n');
  });

  it('adds rel to links', () => {
    const html = renderMarkdown('See [details](https://example.com/post).');
    expect(html).toContain('<a href="https://example.com/post" rel="nofollow noopener noreferrer">details</a>');
  });

  it('overrides a rel written in raw HTML', () => {
    const html = renderMarkdown('<a href="https://example.com" rel="opener" target="_blank">x</a>');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
    expect(html).not.toContain('target');
    expect(html).not.toContain('opener"');
  });

  it('keeps mailto links', () => {
    expect(renderMarkdown('[mail us](mailto:ops@example.com)')).toContain('href="mailto:ops@example.com"');
  });

  it('removes script tags and their content', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> world\n\n<script>\nalert(2)\n</script>');
    expect(html).not.toContain('script');
    expect(html).not.toContain('alert');
    expect(html).toContain('Hello');
  });

  it('removes event handlers and style attributes', () => {
    const html = renderMarkdown('<p onclick="alert(1)" style="color:red">hi</p>\n\n<img src=x onerror="alert(1)">');
    expect(html).not.toContain('onclick');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('style');
    expect(html).not.toContain('alert');
  });

  it('removes javascript: links', () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="JaVaScRiPt:alert(1)">click</a>',
      '[click](//evil.example/x)',
    ]) {
      const html = renderMarkdown(source);
      expect(html).not.toMatch(/javascript/i);
      expect(html).not.toContain('evil.example');
      expect(html).toContain('click');
    }
  });

  it('removes iframes and images', () => {
    const html = renderMarkdown(
      '<iframe src="https://evil.example"></iframe>\n\n![tracker](https://evil.example/pixel.gif)\n\n<img src="https://evil.example/a.png">',
    );
    expect(html).not.toContain('iframe');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example');
  });

  it('demotes h1 and h2 to h3', () => {
    const html = renderMarkdown('# Title\n\n## Sub\n\n### Third\n\n#### Fourth');
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('<h3>Sub</h3>');
    expect(html).toContain('<h3>Third</h3>');
    expect(html).toContain('<h4>Fourth</h4>');
    expect(html).not.toMatch(/<h[12]/);
  });
});

describe('findRefusedHtml', () => {
  it.each([
    ['<form action="https://evil.example"><input name="card"></form>', 'Remove the <form> tag: updates are Markdown, HTML is not allowed'],
    ['Moved. <base href="https://evil.example/">', 'Remove the <base> tag: updates are Markdown, HTML is not allowed'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', 'Remove the <meta> tag: updates are Markdown, HTML is not allowed'],
    ['<object data="x.swf"></object>', 'Remove the <object> tag: updates are Markdown, HTML is not allowed'],
    ['See <img src="https://example.com/graph.png">', 'Remove the <img> tag: updates are Markdown, HTML is not allowed'],
    ['<div>We are on it</div>', 'Remove the <div> tag: updates are Markdown, HTML is not allowed'],
    ['Fixed.<!-- internal: blame Bob -->', 'Remove the HTML comment: updates are Markdown, HTML is not allowed'],
  ])('refuses %s', (body, message) => {
    expect(findRefusedHtml(body)).toBe(message);
  });

  it.each([
    'Status: <strong>degraded</strong>, see <a href="https://example.com">details</a>.',
    'Docs at <https://example.com/status> or mail <ops@example.com>.',
    'Error rate is < 1% and a < b.',
    'We fixed the `<form>` handler.',
    '```html\n<object data="x"></object>\n```',
    'Literally \\<form> in text.',
  ])('accepts %j', (body) => {
    expect(findRefusedHtml(body)).toBeNull();
  });

  it('names the text it is about', () => {
    expect(findRefusedHtml('<form>', 'templates')).toBe('Remove the <form> tag: templates are Markdown, HTML is not allowed');
  });

  it('refuses exactly the raw elements that rendering would drop', () => {
    const names = ['a', 'abbr', 'b', 'base', 'blockquote', 'br', 'button', 'code', 'del', 'details', 'div', 'em', 'embed', 'font', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'li', 'link', 'mark', 'meta', 'object', 'ol', 'p', 'pre', 'small', 'span', 'strong', 'sub', 'sup', 'svg', 'table', 'textarea', 'u', 'ul', 'video'];
    for (const name of names) {
      const body = `Before <${name}>inside</${name}> after`;
      const renamed = ({ h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4' } as Record<string, string>)[name] ?? name;
      const kept = new RegExp(`<${renamed}[\\s>]`).test(renderMarkdown(body));
      expect(findRefusedHtml(body) === null, name).toBe(kept);
    }
  });
});

describe('renderMarkdownCached', () => {
  it('gives what renderMarkdown gives, the first time and again', () => {
    const texts = ['**Fixed**: see `status`.', '<script>alert(1)</script> and [link](javascript:alert(1))', 'Line one\n\nLine two'];
    for (const text of texts) {
      expect(renderMarkdownCached(text)).toBe(renderMarkdown(text));
      expect(renderMarkdownCached(text)).toBe(renderMarkdown(text));
    }
  });
});
