import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Fragment, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.js';
import { App } from './App.js';
import { useLanguage } from './i18n/language.js';
import { startTheme } from './theme.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (401, 403, 404) will not change by asking again; a lost connection may.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      staleTime: 5_000,
    },
  },
});

/** The page afresh in a new language: every word is read from the catalogue as it renders. */
function InPageLanguage({ children }: { children: ReactNode }) {
  return <Fragment key={useLanguage()}>{children}</Fragment>;
}

// Before the first render: the page's first frame has the chosen theme's colours.
startTheme();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <InPageLanguage>
        <App />
      </InPageLanguage>
    </QueryClientProvider>
  </StrictMode>,
);
