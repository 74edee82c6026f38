import ReactMarkdown, { type Components } from "react-markdown";

// Headings inside a description sit below the page's own h1 and h2.
const components: Components = {
  h1: ({ children }) => <h3 className="h5 mt-3">{children}</h3>,
  h2: ({ children }) => <h3 className="h5 mt-3">{children}</h3>,
  h3: ({ children }) => <h4 className="h6 mt-3">{children}</h4>,
  a: ({ children, href }) => (
    <a href={href} rel="nofollow noopener noreferrer">
      {children}
    </a>
  ),
};

/**
 * Markdown written by people, rendered safely: raw HTML is dropped (skipHtml, and no
 * rehype-raw), and react-markdown's default URL filter removes javascript: links.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown" data-testid="markdown">
      <ReactMarkdown skipHtml components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
