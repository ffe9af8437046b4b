"""Fixed, versioned parameters of the linkage model and the script that produced them."""
