import { useEffect } from 'react';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/** Shows every alert raised while the console is open, on whichever page the person is. */
export function AlertNotices() {
  const { client } = useConsole();
  const { notify } = useNotifications();
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'alertRaised') notify('error', 'Alert', event.payload.message);
      }),
    [client, notify],
  );
  return null;
}
