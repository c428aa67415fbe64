// Filters the rows by text and outcome; "#outcome=failed,error&q=Order" in the address
// sets the filters on load, so a link can share a view.
const query = document.getElementById("q");
const boxes = [...document.querySelectorAll(".filters input[type=checkbox]")];
const rows = [...document.querySelectorAll("tbody tr")];
const shown = document.getElementById("shown");

function apply() {
  const text = query.value.toLowerCase();
  const outcomes = new Set(boxes.filter((box) => box.checked).map((box) => box.value));
  let count = 0;
  for (const row of rows) {
    const visible = outcomes.has(row.dataset.outcome) && row.dataset.text.includes(text);
    row.hidden = !visible;
    if (visible) count++;
  }
  shown.textContent = `${count} of ${rows.length} tests shown`;
}

const wanted = new URLSearchParams(location.hash.slice(1));
if (wanted.get("outcome")) {
  const keep = new Set(wanted.get("outcome").split(","));
  boxes.forEach((box) => { box.checked = keep.has(box.value); });
}
if (wanted.get("q")) query.value = wanted.get("q");
query.addEventListener("input", apply);
boxes.forEach((box) => box.addEventListener("change", apply));
apply();
