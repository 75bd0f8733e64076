import { Dialog } from './Dialog';
import { shortcuts } from './shortcuts';

export function HelpDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={onClose}>
      <p>
        Move between rows with the arrow keys; the row you are on is shown in full below the grids. Space ticks a row
        for a manual match. These keys act on the row you are on (not while typing in a field):
      </p>
      <table className="table shortcut-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((shortcut) => (
            <tr key={shortcut.key}>
              <td>
                <kbd>{shortcut.key}</kbd>
              </td>
              <td>{shortcut.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
