/** What a panel shows when its data failed to load: the API's message and a way to retry. */
export interface PanelError {
  title: string;
  message: string;
  code: string;
  retryLabel: string;
  onretry: () => void;
}
