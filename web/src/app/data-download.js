// "Download data": the data trained and tested on (with the point edits) as a CSV file the page
// loads back ("Your CSV").
import { dataCsv } from './data-csv.js';
import { inputLabels, taskOf } from '../state/queries.js';
import { download, fmtInt } from '../ui/dom.js';

/**
 * createDataDownload({ store, session, toast, save }) -> downloadData(): saves the shown data as
 * mlp_playground_data.csv (save: the file writer, ui/dom.js download), or says there are none yet.
 */
export function createDataDownload({ store, session, toast, save = download }) {
  return function downloadData() {
    const arrays = session.display?.arrays;
    if (!arrays) {
      toast.show('There are no data to download yet: wait for the data to show.', { error: true });
      return;
    }
    const config = store.get();
    const names = [...inputLabels(config), taskOf(config) === 'classification' ? 'class' : 'value'];
    save(new Blob([dataCsv(arrays, names)], { type: 'text/csv' }), 'mlp_playground_data.csv');
    toast.show(`Data saved as mlp_playground_data.csv (${fmtInt(arrays.yTrain.length + arrays.yTest.length)} rows): "Your CSV" in the Data panel loads it back.`, { ms: 6000 });
  };
}
