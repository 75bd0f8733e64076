import { DEFAULT_ROUTE } from '../app/routes';
import { PageHeader } from '../components/PageLayout';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" description="This address does not name a page of the console." />
      <p>
        <a href={`#${DEFAULT_ROUTE}`}>Go to Connections</a> or pick a page from the navigation.
      </p>
    </>
  );
}
