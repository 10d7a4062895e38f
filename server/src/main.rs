fn main() {
    println!("docklens");
}
