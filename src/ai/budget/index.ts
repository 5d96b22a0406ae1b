export { budgetClassifier, overBudget, type Budget } from './budgeted-classifier';
export { createSpendReader, type SpendReader, type SpendToday } from './spend';
